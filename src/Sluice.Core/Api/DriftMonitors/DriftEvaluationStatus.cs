using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Summary of one drift evaluation.</summary>
public sealed record DriftEvaluationStatus
{
    /// <summary>When it ran.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Logged rows compared.</summary>
    [JsonPropertyName("samples")]
    public long? Samples { get; set; }

    /// <summary>Version whose logs and baseline were compared.</summary>
    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }

    /// <summary>Drifted over evaluated features, such as 4/30.</summary>
    [JsonPropertyName("drifted")]
    public string? Drifted { get; set; }

    /// <summary>Number of drifted features.</summary>
    [JsonPropertyName("driftedFeatures")]
    public int? DriftedFeatures { get; set; }

    /// <summary>Share of drifted features, 0..1.</summary>
    [JsonPropertyName("share")]
    public double? Share { get; set; }

    /// <summary>Whether the share reached driftShare.</summary>
    [JsonPropertyName("datasetDrift")]
    public bool? DatasetDrift { get; set; }
}
