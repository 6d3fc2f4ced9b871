using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The inference server Deployment of a version.</summary>
public sealed record ServingSpec
{
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

    /// <summary>Sampling of requests into serving logs for drift monitoring.</summary>
    [JsonPropertyName("requestLogging")]
    public RequestLogging? RequestLogging { get; set; }
}
