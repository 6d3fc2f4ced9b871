using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>What the monitor compares with: the serving version and its training profile. A change resets the streak.</summary>
public sealed record DriftBaselineStatus
{
    /// <summary>The Stable ModelVersion whose serving logs are read.</summary>
    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }

    /// <summary>Its version label, as its serving logs name it.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    /// <summary>URI of the training profile compared with.</summary>
    [JsonPropertyName("profile")]
    public string? Profile { get; set; }
}
