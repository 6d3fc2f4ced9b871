using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Runs;
using Sluice.Core.Validation;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;
using ApiRunPhase = Sluice.Core.Api.RunPhase;
using ApiStagePhase = Sluice.Core.Api.StagePhase;
using PlanPhase = Sluice.Core.Runs.StagePhase;

namespace Sluice.Operator.Runs;

/// <summary>
/// One pass over a started run, with no I/O: reads each running stage's Job, retries, fails or completes it,
/// starts what the DAG allows, skips what can no longer run, honours cancellation, and sums up the phase,
/// progress and the Succeeded condition with the real cause of a failure.
/// </summary>
internal static class RunProgression
{
    private static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromHours(1);

    public static RunDecision Advance(
        PipelineRunResource run,
        PipelineRunStatus current,
        StageArtifacts artifacts,
        Func<string, V1Job?> findJob,
        Func<V1Job, IEnumerable<V1Pod>> podsOf,
        DateTimeOffset now,
        RunBaseline? servingNow = null,
        IReadOnlyCollection<ModelVersionResource>? versions = null)
    {
        var status = current;
        var spec = status.PipelineSpec!;
        var stages = spec.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var states = status.Stages!.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var parameters = (status.Params ?? []).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var create = new List<StageJobRequest>();
        var delete = new List<string>();
        var events = new List<RunEvent>();
        TimeSpan? requeue = null;
        var cancel = run.Spec.Cancel == true;

        StageJobRequest Request(Stage stage, int attempt) => new(
            run.Metadata.NamespaceProperty, run.Spec.PipelineRef.Name, run.Metadata.Name, run.Metadata.Uid,
            spec, stage, attempt, parameters, artifacts, status.Baseline?.Uri ?? "");

        void RequeueIn(TimeSpan delay) => requeue = requeue is { } r && r < delay ? r : delay;

        foreach (var state in status.Stages!.Where(s => s.Phase == ApiStagePhase.Running))
        {
            var stage = stages[state.Name];
            var attempt = state.Attempt ?? 1;
            if (findJob(state.JobName!) is not { } job)
            {
                // Created in an earlier pass but not in the cache yet, or deleted behind our back: creating it
                // again is safe because the name is deterministic and creation only happens when it is absent.
                if (!cancel)
                {
                    create.Add(Request(stage, attempt));
                }

                continue;
            }

            var pods = podsOf(job).ToList();
            var seen = JobObservation.Of(job, pods);
            switch (seen.Outcome)
            {
                case JobOutcome.Running when seen.Cause is null && pods.Count == 0 && StageFailureCause.IsBlocking(state.Reason):
                    // The blocked pod is gone, most likely deleted by the Job controller at the deadline just
                    // before it marks the Job Failed: keep the cause until the Job says what happened.
                    break;
                case JobOutcome.Running:
                    var (reason, message) = seen.Cause is { } blocked ? (blocked.Reason, blocked.Message) : ((string?)null, (string?)null);
                    if (reason is not null && reason != state.Reason)
                    {
                        events.Add(new RunEvent(true, reason, $"stage {stage.Name}: {message}"));
                    }

                    state.Reason = reason;
                    state.Message = message ?? (attempt > 1 ? $"attempt {attempt} of {MaxAttempts(stage)}" : null);
                    break;
                case JobOutcome.Succeeded:
                    state.Phase = ApiStagePhase.Succeeded;
                    state.CompletionTime = seen.FinishedAt ?? now;
                    state.Reason = "Succeeded";
                    state.Message = null;
                    state.Outputs = stage.Outputs is { Count: > 0 } outputs
                        ? outputs.ToDictionary(o => o, o => $"{artifacts.RunUri}/{stage.Name}/{o}", StringComparer.Ordinal)
                        : null;
                    state.Results = seen.Results;
                    break;
                case JobOutcome.Failed:
                    var cause = seen.Cause!;
                    if (cause.Reason == "DeadlineExceeded" && StageFailureCause.IsBlocking(state.Reason))
                    {
                        // The pod that could not start is gone by now; what kept it from starting is the cause.
                        cause = new StageFailureCause(state.Reason!, $"{state.Message}; the stage's timeout passed while it waited");
                    }

                    var failedAt = seen.FinishedAt ?? now;
                    if (attempt < MaxAttempts(stage) && !cancel && seen.Retryable)
                    {
                        var due = RetryDueAt(stage, failedAt, attempt + 1);
                        if (due <= now)
                        {
                            events.Add(new RunEvent(true, "StageRetrying", $"stage {stage.Name} attempt {attempt} failed ({cause.Reason}: {cause.Message}); starting attempt {attempt + 1} of {MaxAttempts(stage)}"));
                            state.Attempt = attempt + 1;
                            state.JobName = JobNames.For(run.Metadata.Name, stage.Name, attempt + 1);
                            state.Reason = "Retrying";
                            state.Message = $"attempt {attempt} failed ({cause.Reason}: {cause.Message}); attempt {attempt + 1} of {MaxAttempts(stage)} started";
                            create.Add(Request(stage, attempt + 1));
                        }
                        else
                        {
                            state.Reason = "RetryBackoff";
                            state.Message = $"attempt {attempt} failed ({cause.Reason}: {cause.Message}); attempt {attempt + 1} of {MaxAttempts(stage)} starts at {due.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
                            RequeueIn(due - now);
                        }
                    }
                    else if (!cancel)
                    {
                        state.Phase = ApiStagePhase.Failed;
                        state.CompletionTime = failedAt;
                        state.Reason = cause.Reason;
                        state.Message = MaxAttempts(stage) > 1 ? $"{cause.Message} (attempt {attempt} of {MaxAttempts(stage)})" : cause.Message;
                        events.Add(new RunEvent(true, "StageFailed", $"stage {stage.Name} failed: {cause.Reason}: {state.Message}"));
                    }

                    break;
            }
        }

        var views = status.Stages!.Select(s => new StageView(s.Name, stages[s.Name].DependsOn ?? [], ToPlan(s.Phase))).ToList();
        var step = RunPlanner.Next(views, cancel);
        foreach (var name in step.Cancel)
        {
            var state = states[name];
            if (state.Phase == ApiStagePhase.Running)
            {
                if (state.JobName is { } jobName && findJob(jobName) is not null)
                {
                    delete.Add(jobName);
                }

                state.Phase = ApiStagePhase.Cancelled;
                state.Reason = "Cancelled";
                state.Message = "stopped because the run was cancelled";
            }
            else
            {
                state.Phase = ApiStagePhase.Skipped;
                state.Reason = "RunCancelled";
                state.Message = "not run because the run was cancelled";
            }

            state.CompletionTime = now;
        }

        foreach (var name in step.Skip)
        {
            var state = states[name];
            var blockers = (stages[name].DependsOn ?? []).Where(d => states[d].Phase is not ApiStagePhase.Succeeded);
            state.Phase = ApiStagePhase.Skipped;
            state.Reason = "UpstreamFailed";
            state.Message = $"not run because {string.Join(", ", blockers)} did not succeed";
            state.CompletionTime = now;
        }

        foreach (var name in step.Start)
        {
            var state = states[name];
            state.Phase = ApiStagePhase.Running;
            state.Attempt = 1;
            state.JobName = JobNames.For(run.Metadata.Name, name, 1);
            state.StartTime = now;
            state.Reason = null;
            state.Message = null;
            create.Add(Request(stages[name], 1));
        }

        ModelVersionResource? register = null;
        if (!cancel && status.Stages!.All(s => s.Phase == ApiStagePhase.Succeeded))
        {
            register = RunRegistration.Advance(run, status, servingNow, versions ?? [], events, now);
        }

        Summarize(run, status, cancel, events, now);
        return new RunDecision(status, create, delete, events, requeue, register);
    }

    private static void Summarize(PipelineRunResource run, PipelineRunStatus status, bool cancel, List<RunEvent> events, DateTimeOffset now)
    {
        var generation = run.Metadata.Generation;
        var summary = RunPlanner.Summarize([.. status.Stages!.Select(s => new StageView(s.Name, [], ToPlan(s.Phase)))]);
        status.ObservedGeneration = generation;
        status.Progress = summary.Progress;
        var phase = summary.Phase switch
        {
            Core.Runs.RunPhase.Pending => ApiRunPhase.Pending,
            Core.Runs.RunPhase.Running => ApiRunPhase.Running,
            Core.Runs.RunPhase.Failed => ApiRunPhase.Failed,
            Core.Runs.RunPhase.Succeeded when cancel => ApiRunPhase.Cancelled,
            Core.Runs.RunPhase.Succeeded when RunRegistration.Pending(status) => ApiRunPhase.Running,
            Core.Runs.RunPhase.Succeeded => ApiRunPhase.Succeeded,
            _ => ApiRunPhase.Cancelled,
        };
        var finished = phase is ApiRunPhase.Succeeded or ApiRunPhase.Failed or ApiRunPhase.Cancelled;
        if (finished && status.Phase != phase)
        {
            status.CompletionTime = now;
        }

        status.Phase = phase;
        status.Duration = GoDuration.Format(((status.CompletionTime ?? now) - (status.StartTime ?? now)).Duration());
        var (condition, reason, message) = phase switch
        {
            ApiRunPhase.Succeeded => ("True", "Succeeded", $"all {status.Stages!.Count} stages succeeded{Registered(status)}"),
            ApiRunPhase.Failed => FailureOf(status),
            ApiRunPhase.Cancelled => ("False", "Cancelled", "the run was cancelled (spec.cancel)"),
            _ => RunningOf(status),
        };
        var before = status.Conditions?.FirstOrDefault(c => c.Type == RunStart.ConditionType);
        if (finished && before?.Status == "Unknown")
        {
            events.Add(new RunEvent(phase == ApiRunPhase.Failed, phase.ToString(), message));
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
        var failed = status.Stages!.First(s => s.Phase == ApiStagePhase.Failed);
        return ("False", failed.Reason ?? "Failed", $"stage {failed.Name} failed: {failed.Message}");
    }

    private static (string, string, string) RunningOf(PipelineRunStatus status)
    {
        if (status.Stages!.FirstOrDefault(s => s.Phase == ApiStagePhase.Running && StageFailureCause.IsBlocking(s.Reason)) is { } blocked)
        {
            return ("Unknown", blocked.Reason!, $"stage {blocked.Name}: {blocked.Message}");
        }

        var running = status.Stages!.Where(s => s.Phase == ApiStagePhase.Running).Select(s => s.Name).ToList();
        if (running.Count == 0 && status.Stages!.All(s => s.Phase == ApiStagePhase.Succeeded)
            && status.Conditions?.FirstOrDefault(c => c.Type == RunRegistration.ConditionType) is { } registering)
        {
            return ("Unknown", "Registering", registering.Message ?? "registering the model");
        }

        return running.Count == 0
            ? ("Unknown", "Pending", "waiting to start")
            : ("Unknown", "Running", $"running {string.Join(", ", running)} ({status.Progress} stages finished)");
    }

    private static int MaxAttempts(Stage stage) => (stage.RetryStrategy?.Limit ?? 0) + 1;

    private static DateTimeOffset RetryDueAt(Stage stage, DateTimeOffset failedAt, int nextAttempt)
    {
        var backoff = stage.RetryStrategy?.Backoff;
        if (backoff?.Duration is not { } duration)
        {
            return failedAt;
        }

        var max = backoff.MaxDuration is { } m ? GoDuration.Parse(m) : DefaultMaxBackoff;
        return RunPlanner.RetryDueAt(failedAt, nextAttempt, GoDuration.Parse(duration), backoff.Factor ?? 2, max);
    }

    private static PlanPhase ToPlan(ApiStagePhase? phase) => phase switch
    {
        ApiStagePhase.Running => PlanPhase.Running,
        ApiStagePhase.Succeeded => PlanPhase.Succeeded,
        ApiStagePhase.Failed => PlanPhase.Failed,
        ApiStagePhase.Skipped => PlanPhase.Skipped,
        ApiStagePhase.Cancelled => PlanPhase.Cancelled,
        _ => PlanPhase.Pending,
    };
}
