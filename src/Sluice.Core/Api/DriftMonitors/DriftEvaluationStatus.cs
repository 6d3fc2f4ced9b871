using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Summary of one drift evaluation: one window of serving logs compared with the baseline.</summary>
public sealed record DriftEvaluationStatus
{
    /// <summary>When the evaluation finished.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Start of the window (inclusive).</summary>
    [JsonPropertyName("windowStart")]
    public DateTimeOffset? WindowStart { get; set; }

    /// <summary>End of the window (exclusive).</summary>
    [JsonPropertyName("windowEnd")]
    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>Drifted, Clean, InsufficientData or Failed.</summary>
    [JsonPropertyName("verdict")]
    public string? Verdict { get; set; }

    /// <summary>Logged rows of the version in the window.</summary>
    [JsonPropertyName("rows")]
    public long? Rows { get; set; }

    /// <summary>Logged rows compared (a sample when the window holds more than window.maxSamples).</summary>
    [JsonPropertyName("samples")]
    public long? Samples { get; set; }

    /// <summary>Malformed log lines in the window, left out.</summary>
    [JsonPropertyName("invalidRows")]
    public long? InvalidRows { get; set; }

    /// <summary>Log files that could not be read or failed their checksum, left out.</summary>
    [JsonPropertyName("invalidObjects")]
    public long? InvalidObjects { get; set; }

    /// <summary>ModelVersion whose logs and baseline were compared.</summary>
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

    /// <summary>URI of the full report (every feature, every statistic).</summary>
    [JsonPropertyName("report")]
    public string? Report { get; set; }

    /// <summary>Why the evaluation failed, when it did.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
