using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>The part of Kubernetes object metadata that Sluice reads and validates.</summary>
public sealed record ResourceMetadata
{
    /// <summary>Name of the resource, unique in its namespace.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Namespace of the resource; empty means the current namespace of the client.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>Prefix the API server uses to generate a unique name when name is empty.</summary>
    [JsonPropertyName("generateName")]
    public string? GenerateName { get; set; }

    /// <summary>Labels of the resource.</summary>
    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations of the resource.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>Generation of the desired state, set by the API server.</summary>
    [JsonPropertyName("generation")]
    public long? Generation { get; set; }

    /// <summary>Unique identifier set by the API server.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }
}
