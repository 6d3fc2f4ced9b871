using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>How a version replaces the Stable one, after Argo Rollouts.</summary>
public sealed record RolloutSpec
{
    /// <summary>Canary shifts traffic step by step under analysis; Immediate switches at once.</summary>
    [JsonPropertyName("strategy")]
    [Default("Canary")]
    public RolloutStrategy? Strategy { get; set; }

    /// <summary>Canary steps, in order; after the last one the version is promoted to Stable.</summary>
    [JsonPropertyName("steps")]
    [Length(0, 32)]
    [CelRule("self.all(s, (has(s.setWeight) ? 1 : 0) + (has(s.pause) ? 1 : 0) == 1)", "each step sets exactly one of setWeight and pause")]
    public List<CanaryStep>? Steps { get; set; }

    /// <summary>Checks of the canary's health between steps.</summary>
    [JsonPropertyName("analysis")]
    public CanaryAnalysis? Analysis { get; set; }

    /// <summary>How long the canary's pods may take to become Ready at a step before the rollout is aborted, such as 10m.</summary>
    [JsonPropertyName("progressDeadline")]
    [Default("10m")]
    public string? ProgressDeadline { get; set; }

    /// <summary>How traffic is split; by replica counts when empty.</summary>
    [JsonPropertyName("trafficRouting")]
    public TrafficRouting? TrafficRouting { get; set; }
}
