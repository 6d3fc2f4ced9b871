using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The inference server Deployment of a version.</summary>
public sealed record ServingSpec
{
    internal const int MaxFeatureNames = 4096;
    internal const int MaxFeatureNameLength = 256;

    // `sluice serve --feature-names` takes the names comma-separated and trims them.
    internal const string FeatureNamePattern = @"^[^,\s]([^,]*[^,\s])?$";

    /// <summary>Number of server replicas.</summary>
    [JsonPropertyName("replicas")]
    [Range(0, 100)]
    [Default(1)]
    public int? Replicas { get; set; }

    /// <summary>Compute resources of the server container.</summary>
    [JsonPropertyName("resources")]
    public ResourceRequirements? Resources { get; set; }

    /// <summary>Server image; the operator's --serving-image when empty.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    /// <summary>HTTP port of the server.</summary>
    [JsonPropertyName("port")]
    [Range(1, 65535)]
    [Default(8080)]
    public int? Port { get; set; }

    /// <summary>Dynamic batching of concurrent requests; off when absent.</summary>
    [JsonPropertyName("batching")]
    public ServingBatching? Batching { get; set; }

    /// <summary>
    /// Names of the model's input values in order, across its inputs in model order, as the request logs and the
    /// drift monitor call them; before the names the model records and the profile's (docs/serving-logs.md).
    /// Unique, without commas or surrounding spaces.
    /// </summary>
    [JsonPropertyName("featureNames")]
    [Length(1, MaxFeatureNames)]
    [Items(MinLength = 1, MaxLength = MaxFeatureNameLength, Pattern = FeatureNamePattern)]
    [ListSet]
    public List<string>? FeatureNames { get; set; }

    /// <summary>Sampling of requests into serving logs for drift monitoring.</summary>
    [JsonPropertyName("requestLogging")]
    public RequestLogging? RequestLogging { get; set; }
}
