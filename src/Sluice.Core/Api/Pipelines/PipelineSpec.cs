using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Desired state of a Pipeline.</summary>
public sealed record PipelineSpec
{
    /// <summary>Parameters a run may set; stages refer to them as $(params.NAME) in command, args and env values.</summary>
    [JsonPropertyName("params")]
    [Length(0, 64)]
    [CelRule("self.all(p, self.exists_one(q, q.name == p.name))", "parameter names must be unique")]
    public List<ParamSpec>? Params { get; set; }

    /// <summary>The stages, run in dependency order; independent stages run in parallel.</summary>
    [JsonPropertyName("stages")]
    [Required]
    [Length(1, 64)]
    [CelRule("self.all(s, self.exists_one(t, t.name == s.name))", "stage names must be unique")]
    public List<Stage> Stages { get; set; } = [];

    /// <summary>Where stage artifacts are stored; defaults to the operator's --default-artifact-* settings.</summary>
    [JsonPropertyName("artifactRepository")]
    public ArtifactRepository? ArtifactRepository { get; set; }

    /// <summary>Service account the stage Pods run as.</summary>
    [JsonPropertyName("serviceAccountName")]
    public string? ServiceAccountName { get; set; }

    /// <summary>Scheduling settings applied to every stage Pod.</summary>
    [JsonPropertyName("podTemplate")]
    public PodTemplate? PodTemplate { get; set; }

    /// <summary>What a successful run registers as a ModelVersion; without it runs register nothing.</summary>
    [JsonPropertyName("model")]
    public ModelRegistration? Model { get; set; }

    /// <summary>Starts runs on a cron schedule.</summary>
    [JsonPropertyName("schedule")]
    public PipelineSchedule? Schedule { get; set; }

    /// <summary>Whether a change of the spec starts a run.</summary>
    [JsonPropertyName("runPolicy")]
    public RunPolicy? RunPolicy { get; set; }

    /// <summary>How many succeeded PipelineRuns to keep; older ones are deleted.</summary>
    [JsonPropertyName("successfulRunsHistoryLimit")]
    [Range(0)]
    [Default(3)]
    public int? SuccessfulRunsHistoryLimit { get; set; }

    /// <summary>How many failed or cancelled PipelineRuns to keep; older ones are deleted.</summary>
    [JsonPropertyName("failedRunsHistoryLimit")]
    [Range(0)]
    [Default(1)]
    public int? FailedRunsHistoryLimit { get; set; }

    /// <summary>Seconds after a run finishes before its Jobs and Pods are deleted (the PipelineRun itself stays, subject to the history limits).</summary>
    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Range(0)]
    public int? TtlSecondsAfterFinished { get; set; }
}
