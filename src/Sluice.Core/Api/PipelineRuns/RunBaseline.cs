using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>
/// The ModelVersion the run's model must beat, pinned when the run started: the Stable one, else (before any version
/// serves) the latest one registered that is not Retired.
/// </summary>
public sealed record RunBaseline
{
    /// <summary>Name of the ModelVersion.</summary>
    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }

    /// <summary>UID of the ModelVersion; a different one at registration time refuses with BaselineChanged.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Its version label.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>URI of its model file, given to stages as SLUICE_BASELINE_MODEL_URI.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }

    /// <summary>Hex SHA-256 of its model file.</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; set; }
}
