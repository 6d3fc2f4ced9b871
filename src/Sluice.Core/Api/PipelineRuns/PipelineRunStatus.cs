using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of a PipelineRun.</summary>
public sealed record PipelineRunStatus
{
    /// <summary>metadata.generation last handled by the operator.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Lifecycle phase.</summary>
    [JsonPropertyName("phase")]
    public RunPhase? Phase { get; set; }

    /// <summary>Conditions; Succeeded is Unknown while running, then True or False with a reason and message.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The Pipeline spec as it was when the run started; later edits of the Pipeline do not change the run.</summary>
    [JsonPropertyName("pipelineSpec")]
    public PipelineSpec? PipelineSpec { get; set; }

    /// <summary>Parameter values after defaults were applied.</summary>
    [JsonPropertyName("params")]
    public List<ParamValue>? Params { get; set; }

    /// <summary>When the run started.</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the run finished.</summary>
    [JsonPropertyName("completionTime")]
    public DateTimeOffset? CompletionTime { get; set; }

    /// <summary>How long the run took or has taken so far, such as 3m12s.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    /// <summary>Finished stages over all stages, such as 3/5.</summary>
    [JsonPropertyName("progress")]
    public string? Progress { get; set; }

    /// <summary>State of each stage.</summary>
    [JsonPropertyName("stages")]
    public List<StageStatus>? Stages { get; set; }

    /// <summary>URI of the run's artifact prefix (SLUICE_ARTIFACTS_URI).</summary>
    [JsonPropertyName("artifactsUri")]
    public string? ArtifactsUri { get; set; }

    /// <summary>The ModelVersion pinned at start as the gate's baseline (Stable, else the latest not retired); absent for a first model.</summary>
    [JsonPropertyName("baseline")]
    public RunBaseline? Baseline { get; set; }

    /// <summary>The gate's verdict, once every stage succeeded.</summary>
    [JsonPropertyName("gate")]
    public GateStatus? Gate { get; set; }

    /// <summary>Name of the ModelVersion the run registers (set when the gate passes, before it is created).</summary>
    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }
}
