using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Runs;
using Sluice.Core.Validation;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// The first step of a pass, for one running stage: what its Job and pods say (still running, blocked, succeeded
/// with results, failed with a cause), and what follows (a retry now or later, or the stage's failure).
/// </summary>
internal static class StageObservation
{
    public static void Observe(RunPass pass, Stage stage, StageStatus state, Func<string, V1Job?> findJob, Func<V1Job, IEnumerable<V1Pod>> podsOf)
    {
        if (findJob(state.JobName!) is not { } job)
        {
            // Created in an earlier pass but not in the cache yet, or deleted behind our back: creating it again is
            // safe because the name is deterministic and creation only happens when it is absent.
            if (!pass.Cancel)
            {
                pass.StartAttempt(stage, state.Attempt ?? 1);
            }

            return;
        }

        var pods = podsOf(job).ToList();
        var seen = JobObservation.Of(job, pods);
        switch (seen.Outcome)
        {
            case JobOutcome.Running when seen.Cause is null && pods.Count == 0 && StageFailureCause.IsBlocking(state.Reason):
                // The blocked pod is gone, most likely deleted by the Job controller at the deadline just before it
                // marks the Job Failed: keep the cause until the Job says what happened.
                break;
            case JobOutcome.Running:
                StillRunning(pass, stage, state, seen);
                break;
            case JobOutcome.Succeeded:
                Succeeded(pass, stage, state, seen);
                break;
            case JobOutcome.Failed:
                Failed(pass, stage, state, seen);
                break;
        }
    }

    private static void StillRunning(RunPass pass, Stage stage, StageStatus state, JobObservation seen)
    {
        var attempt = state.Attempt ?? 1;
        var (reason, message) = seen.Cause is { } blocked ? (blocked.Reason, blocked.Message) : ((string?)null, (string?)null);
        if (reason is not null && reason != state.Reason)
        {
            pass.Raise(true, reason, $"stage {stage.Name}: {message}");
        }

        state.Reason = reason;
        state.Message = message ?? (attempt > 1 ? $"attempt {attempt} of {StageRetries.MaxAttempts(stage)}" : null);
    }

    private static void Succeeded(RunPass pass, Stage stage, StageStatus state, JobObservation seen)
    {
        var runUri = pass.Artifacts.RunUri;
        state.Phase = StagePhase.Succeeded;
        state.CompletionTime = seen.FinishedAt ?? pass.Now;
        state.Reason = "Succeeded";
        state.Message = null;
        state.Outputs = stage.Outputs is { Count: > 0 } outputs
            ? outputs.ToDictionary(o => o, o => $"{runUri}/{stage.Name}/{o}", StringComparer.Ordinal)
            : null;
        state.Results = seen.Results;
    }

    private static void Failed(RunPass pass, Stage stage, StageStatus state, JobObservation seen)
    {
        var attempt = state.Attempt ?? 1;
        var max = StageRetries.MaxAttempts(stage);
        var cause = seen.Cause!;
        if (cause.Reason == "DeadlineExceeded" && StageFailureCause.IsBlocking(state.Reason))
        {
            // The pod that could not start is gone by now; what kept it from starting is the cause.
            cause = new StageFailureCause(state.Reason!, $"{state.Message}; the stage's timeout passed while it waited");
        }

        var failedAt = seen.FinishedAt ?? pass.Now;
        var what = $"attempt {attempt} failed ({cause.Reason}: {cause.Message})";
        if (attempt < max && !pass.Cancel && seen.Retryable)
        {
            var due = failedAt + StageRetries.DelayBefore(stage, attempt + 1);
            if (due <= pass.Now)
            {
                pass.Raise(true, "StageRetrying", $"stage {stage.Name} {what}; starting attempt {attempt + 1} of {max}");
                state.Attempt = attempt + 1;
                state.JobName = JobNames.For(pass.Run.Metadata.Name, stage.Name, attempt + 1);
                state.Reason = "Retrying";
                state.Message = $"{what}; attempt {attempt + 1} of {max} started";
                pass.StartAttempt(stage, attempt + 1);
            }
            else
            {
                state.Reason = "RetryBackoff";
                state.Message = $"{what}; attempt {attempt + 1} of {max} starts at {due.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
                pass.RequeueIn(due - pass.Now);
            }
        }
        else if (!pass.Cancel)
        {
            state.Phase = StagePhase.Failed;
            state.CompletionTime = failedAt;
            state.Reason = cause.Reason;
            state.Message = max > 1 ? $"{cause.Message} (attempt {attempt} of {max})" : cause.Message;
            pass.Raise(true, "StageFailed", $"stage {stage.Name} failed: {cause.Reason}: {state.Message}");
        }
    }
}
