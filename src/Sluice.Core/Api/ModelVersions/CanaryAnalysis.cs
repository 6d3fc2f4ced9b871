using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Health checks of the canary, measured from the servers' Prometheus metrics.</summary>
public sealed record CanaryAnalysis
{
    /// <summary>Time between checks, such as 1m.</summary>
    [JsonPropertyName("interval")]
    [Default("1m")]
    public string? Interval { get; set; }

    /// <summary>Fewest canary requests in an interval for a check to count.</summary>
    [JsonPropertyName("minRequests")]
    [Range(0)]
    [Default(20)]
    public int? MinRequests { get; set; }

    /// <summary>Highest acceptable share of failed canary requests, 0..1.</summary>
    [JsonPropertyName("maxErrorRate")]
    [Range(0, 1)]
    [Default(0.01)]
    public double? MaxErrorRate { get; set; }

    /// <summary>Highest acceptable 99th percentile latency of canary requests, such as 250ms.</summary>
    [JsonPropertyName("maxP99Latency")]
    public string? MaxP99Latency { get; set; }

    /// <summary>
    /// Highest Wasserstein (earth mover's) distance, in output units over 0..1, between the canary's and the stable
    /// version's prediction distributions: how far on average one version's predictions would have to move to be
    /// the other's; 1 turns the check off.
    /// </summary>
    [JsonPropertyName("maxPredictionDistance")]
    [Range(0, 1)]
    [Default(0.1)]
    public double? MaxPredictionDistance { get; set; }

    /// <summary>Failed checks after which the rollout is aborted and traffic returns to Stable.</summary>
    [JsonPropertyName("failureLimit")]
    [Range(0)]
    [Default(2)]
    public int? FailureLimit { get; set; }

    /// <summary>What a check without enough requests does.</summary>
    [JsonPropertyName("noDataPolicy")]
    [Default("Wait")]
    public NoDataPolicy? NoDataPolicy { get; set; }
}
