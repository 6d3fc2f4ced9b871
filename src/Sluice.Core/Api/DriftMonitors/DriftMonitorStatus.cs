using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of a DriftMonitor.</summary>
public sealed record DriftMonitorStatus
{
    /// <summary>metadata.generation last handled by the operator.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions: Ready and DriftDetected.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>Summary of the last evaluation.</summary>
    [JsonPropertyName("lastEvaluation")]
    public DriftEvaluationStatus? LastEvaluation { get; set; }

    /// <summary>Per-feature results of the last evaluation.</summary>
    [JsonPropertyName("features")]
    public List<FeatureDriftStatus>? Features { get; set; }

    /// <summary>Drifted evaluations in a row so far.</summary>
    [JsonPropertyName("consecutiveDriftedWindows")]
    public int? ConsecutiveDriftedWindows { get; set; }

    /// <summary>The last retraining run started.</summary>
    [JsonPropertyName("lastRetrain")]
    public RetrainStatus? LastRetrain { get; set; }
}
