using k8s.Models;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// What a stage attempt's Job says about the attempt: still running (perhaps blocked, with the cause), succeeded,
/// or failed with the real cause read from its pods, and when it finished.
/// </summary>
internal sealed record JobObservation(JobOutcome Outcome, StageFailureCause? Cause, DateTimeOffset? FinishedAt)
{
    public static JobObservation Of(V1Job job, IEnumerable<V1Pod> pods)
    {
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.FirstOrDefault(c => c.Type == "Complete" && c.Status == "True") is { } complete)
        {
            return new(JobOutcome.Succeeded, null, Time(job.Status?.CompletionTime ?? complete.LastTransitionTime));
        }

        var cause = StageFailureCause.Find(job, pods);
        if (conditions.FirstOrDefault(c => c.Type == "Failed" && c.Status == "True") is { } failed)
        {
            return new(JobOutcome.Failed, cause ?? new StageFailureCause("Failed", "the stage's Job failed"), Time(failed.LastTransitionTime));
        }

        return new(JobOutcome.Running, cause is { Blocks: true } ? cause : null, null);
    }

    private static DateTimeOffset? Time(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
