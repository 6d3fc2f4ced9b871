using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of a ModelVersion.</summary>
public sealed record ModelVersionStatus
{
    /// <summary>metadata.generation last handled by the operator.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Lifecycle phase.</summary>
    [JsonPropertyName("phase")]
    public ModelVersionPhase? Phase { get; set; }

    /// <summary>The part the version plays for its model.</summary>
    [JsonPropertyName("role")]
    public ModelRole? Role { get; set; }

    /// <summary>Percentage of traffic the current canary step asks for this version.</summary>
    [JsonPropertyName("canaryWeight")]
    public int? CanaryWeight { get; set; }

    /// <summary>Percentage of traffic this version gets now, from its and the Stable version's Ready pods.</summary>
    [JsonPropertyName("effectiveWeight")]
    public double? EffectiveWeight { get; set; }

    /// <summary>Index of the current canary step; the number of steps once all have passed.</summary>
    [JsonPropertyName("currentStepIndex")]
    public int? CurrentStepIndex { get; set; }

    /// <summary>When the current canary step began.</summary>
    [JsonPropertyName("stepStartedAt")]
    public DateTimeOffset? StepStartedAt { get; set; }

    /// <summary>Why the rollout holds: ManualGate, PausedByUser or InsufficientTraffic; empty while it moves.</summary>
    [JsonPropertyName("pausedReason")]
    public string? PausedReason { get; set; }

    /// <summary>Failed canary checks so far in this rollout.</summary>
    [JsonPropertyName("failedChecks")]
    public int? FailedChecks { get; set; }

    /// <summary>When the version last became Stable.</summary>
    [JsonPropertyName("promotedAt")]
    public DateTimeOffset? PromotedAt { get; set; }

    /// <summary>In-cluster URL of the version's inference server.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>Conditions: Ready, Progressing and Degraded.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>Figures of the last canary check.</summary>
    [JsonPropertyName("lastAnalysis")]
    public AnalysisStatus? LastAnalysis { get; set; }

    /// <summary>The last ten canary checks of this rollout, newest first.</summary>
    [JsonPropertyName("analysisHistory")]
    [Length(0, 10)]
    public List<AnalysisStatus>? AnalysisHistory { get; set; }
}
