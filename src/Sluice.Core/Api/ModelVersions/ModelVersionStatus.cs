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

    /// <summary>Percentage of traffic this version receives while Canary.</summary>
    [JsonPropertyName("canaryWeight")]
    public int? CanaryWeight { get; set; }

    /// <summary>Index of the current canary step.</summary>
    [JsonPropertyName("currentStepIndex")]
    public int? CurrentStepIndex { get; set; }

    /// <summary>In-cluster URL of the version's inference server.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    /// <summary>Conditions: Ready, Progressing and Degraded.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>Figures of the last canary check.</summary>
    [JsonPropertyName("lastAnalysis")]
    public AnalysisStatus? LastAnalysis { get; set; }
}
