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

    /// <summary>Share of failed canary requests.</summary>
    [JsonPropertyName("errorRate")]
    public double? ErrorRate { get; set; }

    /// <summary>99th percentile latency of canary requests in seconds.</summary>
    [JsonPropertyName("p99LatencySeconds")]
    public double? P99LatencySeconds { get; set; }

    /// <summary>Passed, Failed or NoData.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary>Failed checks so far in this rollout.</summary>
    [JsonPropertyName("failures")]
    public int? Failures { get; set; }
}
