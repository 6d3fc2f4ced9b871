using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of a DriftMonitor.</summary>
public sealed record DriftMonitorStatus
{
    /// <summary>metadata.generation last handled by the operator.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions: Ready, DriftDetected, InsufficientData, RetrainHeldBack and RetrainingSuspended.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The serving version and profile the current streak counts against.</summary>
    [JsonPropertyName("baseline")]
    public DriftBaselineStatus? Baseline { get; set; }

    /// <summary>End of the last evaluated window: the next evaluation starts here, also after an operator restart.</summary>
    [JsonPropertyName("watermark")]
    public DateTimeOffset? Watermark { get; set; }

    /// <summary>Summary of the last evaluation.</summary>
    [JsonPropertyName("lastEvaluation")]
    public DriftEvaluationStatus? LastEvaluation { get; set; }

    /// <summary>Per-feature results of the last evaluation with a verdict, the most drifted first.</summary>
    [JsonPropertyName("features")]
    public List<FeatureDriftStatus>? Features { get; set; }

    /// <summary>Features of the last evaluation left out of status.features for size; the report has them all.</summary>
    [JsonPropertyName("featuresOmitted")]
    public int? FeaturesOmitted { get; set; }

    /// <summary>Drifted windows in a row against the current baseline.</summary>
    [JsonPropertyName("consecutiveDriftedWindows")]
    public int? ConsecutiveDriftedWindows { get; set; }

    /// <summary>The last windows evaluated, oldest first.</summary>
    [JsonPropertyName("history")]
    public List<DriftWindowRecord>? History { get; set; }

    /// <summary>The last retraining run started.</summary>
    [JsonPropertyName("lastRetrain")]
    public RetrainStatus? LastRetrain { get; set; }

    /// <summary>The last retrain held back, and why.</summary>
    [JsonPropertyName("lastHeldBack")]
    public RetrainHold? LastHeldBack { get; set; }

    /// <summary>Retraining runs in a row whose gate refused the model.</summary>
    [JsonPropertyName("consecutiveRefusals")]
    public int? ConsecutiveRefusals { get; set; }
}
