using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Figures of one canary check.</summary>
public sealed record AnalysisStatus
{
    /// <summary>When the check ran.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Canary requests in the interval.</summary>
    [JsonPropertyName("requests")]
    public long? Requests { get; set; }

    /// <summary>Canary requests answered with a 5xx status in the interval.</summary>
    [JsonPropertyName("errors")]
    public long? Errors { get; set; }

    /// <summary>Share of canary requests answered with a 5xx status.</summary>
    [JsonPropertyName("errorRate")]
    public double? ErrorRate { get; set; }

    /// <summary>99th percentile latency of canary requests in seconds.</summary>
    [JsonPropertyName("p99LatencySeconds")]
    public double? P99LatencySeconds { get; set; }

    /// <summary>Stable requests in the interval.</summary>
    [JsonPropertyName("stableRequests")]
    public long? StableRequests { get; set; }

    /// <summary>Share of stable requests answered with a 5xx status.</summary>
    [JsonPropertyName("stableErrorRate")]
    public double? StableErrorRate { get; set; }

    /// <summary>99th percentile latency of stable requests in seconds.</summary>
    [JsonPropertyName("stableP99LatencySeconds")]
    public double? StableP99LatencySeconds { get; set; }

    /// <summary>Wasserstein distance (output units, 0..1) between the canary's and the stable version's prediction distributions.</summary>
    [JsonPropertyName("predictionDistance")]
    public double? PredictionDistance { get; set; }

    /// <summary>p-value of the chi-squared homogeneity test of the two prediction histograms.</summary>
    [JsonPropertyName("predictionPValue")]
    public double? PredictionPValue { get; set; }

    /// <summary>The metric that failed the check: errorRate, p99Latency or predictionDistance.</summary>
    [JsonPropertyName("metric")]
    public string? Metric { get; set; }

    /// <summary>The check's verdict in words, with values and limits.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Passed, Failed or NoData.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary>Failed checks so far in this rollout.</summary>
    [JsonPropertyName("failures")]
    public int? Failures { get; set; }
}
