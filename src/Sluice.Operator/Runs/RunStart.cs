using Sluice.Core.Api;
using Sluice.Core.Runs;
using Sluice.Core.Validation;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// A run's first visit: checks the run against its Pipeline and, when both are sound, snapshots the Pipeline's
/// spec, the resolved params and the model's serving version (the gate's baseline) into status, so later edits
/// of the Pipeline never change a run in flight.
/// </summary>
internal static class RunStart
{
    public const string ConditionType = "Succeeded";

    /// <summary>The started status, or a status that says why the run waits (Pipeline not there yet) or failed.</summary>
    public static PipelineRunStatus Begin(
        PipelineRunResource run, PipelineResource? pipeline, ArtifactDefaults defaults, DateTimeOffset now, out RunEvent startEvent, RunBaseline? serving = null)
    {
        var generation = run.Metadata.Generation;
        var name = run.Spec.PipelineRef.Name;
        if (pipeline is null)
        {
            startEvent = new RunEvent(true, "PipelineNotFound", $"Pipeline \"{name}\" does not exist in namespace {run.Metadata.NamespaceProperty}; the run starts once it does");
            return Waiting(run, "PipelineNotFound", startEvent.Message, now);
        }

        var pipelineRecord = new Pipeline { Metadata = new ResourceMetadata { Name = pipeline.Metadata.Name }, Spec = pipeline.Spec };
        var errors = PipelineValidator.ValidateSpec(pipeline.Spec, pipeline.Metadata.Name).ToList();
        if (errors.Count > 0)
        {
            startEvent = new RunEvent(true, "PipelineInvalid", $"Pipeline \"{name}\" is invalid: {string.Join("; ", errors)}");
            return Failed(run, "PipelineInvalid", startEvent.Message, now);
        }

        var runRecord = new PipelineRun
        {
            Metadata = new ResourceMetadata { Name = run.Metadata.Name, Namespace = run.Metadata.NamespaceProperty },
            Spec = run.Spec,
        };
        errors = [.. PipelineRunValidator.Validate(runRecord, pipelineRecord)];
        if (errors.Count > 0)
        {
            startEvent = new RunEvent(true, "InvalidParams", $"the run does not fit Pipeline \"{name}\": {string.Join("; ", errors)}");
            return Failed(run, "InvalidParams", startEvent.Message, now);
        }

        StageArtifacts artifacts;
        try
        {
            artifacts = defaults.Resolve(pipeline.Spec.ArtifactRepository, run);
        }
        catch (InvalidOperationException e)
        {
            startEvent = new RunEvent(true, "NoArtifactRepository", e.Message);
            return Failed(run, "NoArtifactRepository", e.Message, now);
        }

        // The serving version is pinned now, so every stage and the gate compare with the same one (TFX's baseline).
        var baseline = pipeline.Spec.Model is null ? null : serving;
        var against = pipeline.Spec.Model is null ? "" : baseline is null ? $"; no version of model {pipeline.Spec.Model.Name} serves yet" : $"; baseline: serving ModelVersion {baseline.ModelVersion}";
        startEvent = new RunEvent(false, "Started", $"started {pipeline.Spec.Stages.Count} stages of Pipeline \"{name}\"{against}");
        return new PipelineRunStatus
        {
            ObservedGeneration = generation,
            Phase = Core.Api.RunPhase.Pending,
            Conditions = StatusConditions.Set(run.Status?.Conditions, ConditionType, "Unknown", "Started", startEvent.Message, generation, now),
            PipelineSpec = pipeline.Spec,
            Params = [.. RunParameters.Resolve(pipeline.Spec.Params, run.Spec.Params)],
            StartTime = now,
            Progress = $"0/{pipeline.Spec.Stages.Count}",
            Stages = [.. pipeline.Spec.Stages.Select(s => new StageStatus { Name = s.Name, Phase = Core.Api.StagePhase.Pending })],
            ArtifactsUri = artifacts.RunUri,
            Baseline = baseline,
        };
    }

    private static PipelineRunStatus Waiting(PipelineRunResource run, string reason, string message, DateTimeOffset now) => new()
    {
        ObservedGeneration = run.Metadata.Generation,
        Phase = Core.Api.RunPhase.Pending,
        Conditions = StatusConditions.Set(run.Status?.Conditions, ConditionType, "Unknown", reason, message, run.Metadata.Generation, now),
    };

    private static PipelineRunStatus Failed(PipelineRunResource run, string reason, string message, DateTimeOffset now) => new()
    {
        ObservedGeneration = run.Metadata.Generation,
        Phase = Core.Api.RunPhase.Failed,
        Conditions = StatusConditions.Set(run.Status?.Conditions, ConditionType, "False", reason, message, run.Metadata.Generation, now),
        StartTime = now,
        CompletionTime = now,
        Duration = "0s",
    };
}
