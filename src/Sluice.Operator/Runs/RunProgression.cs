using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Runs;
using Sluice.Core.Validation;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// One pass over a started run, with no I/O, in four steps: observe each running stage's Job (complete, retry or
/// fail it), apply the DAG plan (start, skip, cancel), register the model once every stage succeeded, and sum up
/// the phase, progress and the Succeeded condition with the real cause of a failure.
/// </summary>
internal static class RunProgression
{
    public static RunDecision Advance(
        PipelineRunResource run,
        PipelineRunStatus current,
        StageArtifacts artifacts,
        Func<string, V1Job?> findJob,
        Func<V1Job, IEnumerable<V1Pod>> podsOf,
        DateTimeOffset now,
        Func<RunBaseline?>? servingNow = null,
        Func<IReadOnlyCollection<ModelVersionResource>>? versions = null)
    {
        var pass = new RunPass(run, current, artifacts, now);
        foreach (var state in current.Stages!.Where(s => s.Phase == StagePhase.Running))
        {
            StageObservation.Observe(pass, pass.Stages[state.Name], state, findJob, podsOf);
        }

        ApplyPlan(pass, findJob);
        var register = !pass.Cancel && current.Stages!.All(s => s.Phase == StagePhase.Succeeded)
            ? RunRegistration.Advance(run, current, servingNow ?? (() => null), versions ?? (() => []), pass.Events, now)
            : null;
        Summarize(pass);
        return pass.Decision(register);
    }

    /// <summary>Cancels, skips and starts what the run planner says, the same planner <c>sluice run</c> follows.</summary>
    private static void ApplyPlan(RunPass pass, Func<string, V1Job?> findJob)
    {
        var step = RunPlanner.Next(StageGraph.Views(pass.Status.PipelineSpec!.Stages, n => pass.States[n].Phase ?? StagePhase.Pending), pass.Cancel);
        foreach (var state in step.Cancel.Select(n => pass.States[n]))
        {
            if (state.Phase == StagePhase.Running)
            {
                if (state.JobName is { } job && findJob(job) is not null)
                {
                    pass.Delete.Add(job);
                }

                Finish(state, StagePhase.Cancelled, "Cancelled", "stopped because the run was cancelled", pass.Now);
            }
            else
            {
                Finish(state, StagePhase.Skipped, "RunCancelled", "not run because the run was cancelled", pass.Now);
            }
        }

        foreach (var state in step.Skip.Select(n => pass.States[n]))
        {
            var blockers = StageGraph.Upstreams(pass.Stages[state.Name]).Where(d => pass.States[d].Phase is not StagePhase.Succeeded);
            Finish(state, StagePhase.Skipped, "UpstreamFailed", StageGraph.SkipMessage(blockers), pass.Now);
        }

        foreach (var state in step.Start.Select(n => pass.States[n]))
        {
            state.Phase = StagePhase.Running;
            state.Attempt = 1;
            state.JobName = JobNames.For(pass.Run.Metadata.Name, state.Name, 1);
            state.StartTime = pass.Now;
            state.Reason = null;
            state.Message = null;
            pass.StartAttempt(pass.Stages[state.Name], 1);
        }
    }

    private static void Finish(StageStatus state, StagePhase phase, string reason, string message, DateTimeOffset now)
    {
        state.Phase = phase;
        state.Reason = reason;
        state.Message = message;
        state.CompletionTime = now;
    }

    private static void Summarize(RunPass pass)
    {
        var (run, status, now) = (pass.Run, pass.Status, pass.Now);
        var generation = run.Metadata.Generation;
        var summary = RunPlanner.Summarize(StageGraph.Views(status.PipelineSpec!.Stages, n => pass.States[n].Phase ?? StagePhase.Pending));
        status.ObservedGeneration = generation;
        status.Progress = summary.Progress;
        var phase = summary.Phase switch
        {
            RunPhase.Succeeded when pass.Cancel => RunPhase.Cancelled,
            RunPhase.Succeeded when RunRegistration.Pending(status) => RunPhase.Running,
            var planned => planned,
        };
        var finished = phase is RunPhase.Succeeded or RunPhase.Failed or RunPhase.Cancelled;
        if (finished && status.Phase != phase)
        {
            status.CompletionTime = now;
        }

        status.Phase = phase;
        status.Duration = GoDuration.Format(((status.CompletionTime ?? now) - (status.StartTime ?? now)).Duration());
        var (condition, reason, message) = phase switch
        {
            RunPhase.Succeeded => ("True", "Succeeded", $"all {status.Stages!.Count} stages succeeded{Registered(status)}"),
            RunPhase.Failed => FailureOf(status),
            RunPhase.Cancelled => ("False", "Cancelled", "the run was cancelled (spec.cancel)"),
            _ => RunningOf(status),
        };
        var before = status.Conditions?.FirstOrDefault(c => c.Type == RunStart.ConditionType);
        if (finished && before?.Status == "Unknown")
        {
            pass.Raise(phase == RunPhase.Failed, phase.ToString(), message);
        }

        status.Conditions = StatusConditions.Set(status.Conditions, RunStart.ConditionType, condition, reason, message, generation, now);
    }

    /// <summary>What became of the model, for the Succeeded message.</summary>
    private static string Registered(PipelineRunStatus status) =>
        status.Conditions?.FirstOrDefault(c => c.Type == RunRegistration.ConditionType) is not { } registered ? ""
        : registered.Status == "True" ? $"; registered ModelVersion {status.ModelVersion}"
        : $"; the model was not registered ({registered.Reason}: {registered.Message})";

    private static (string, string, string) FailureOf(PipelineRunStatus status)
    {
        var failed = status.Stages!.First(s => s.Phase == StagePhase.Failed);
        return ("False", failed.Reason ?? "Failed", $"stage {failed.Name} failed: {failed.Message}");
    }

    private static (string, string, string) RunningOf(PipelineRunStatus status)
    {
        if (status.Stages!.FirstOrDefault(s => s.Phase == StagePhase.Running && StageFailureCause.IsBlocking(s.Reason)) is { } blocked)
        {
            return ("Unknown", blocked.Reason!, $"stage {blocked.Name}: {blocked.Message}");
        }

        var running = status.Stages!.Where(s => s.Phase == StagePhase.Running).Select(s => s.Name).ToList();
        if (running.Count == 0 && status.Stages!.All(s => s.Phase == StagePhase.Succeeded)
            && status.Conditions?.FirstOrDefault(c => c.Type == RunRegistration.ConditionType) is { } registering)
        {
            return ("Unknown", "Registering", registering.Message ?? "registering the model");
        }

        return running.Count == 0
            ? ("Unknown", "Pending", "waiting to start")
            : ("Unknown", "Running", $"running {string.Join(", ", running)} ({status.Progress} stages finished)");
    }
}
