using System.Text.Json;
using k8s.Models;
using Sluice.Core.Results;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// What a stage attempt's Job says about the attempt: still running (perhaps blocked, with the cause), succeeded,
/// or failed with the real cause read from its pods, and when it finished. A succeeded attempt carries the
/// results its container left as termination message; results that are not a JSON object of at most 4096 bytes
/// fail it, and a retry would not change them.
/// </summary>
internal sealed record JobObservation(JobOutcome Outcome, StageFailureCause? Cause, DateTimeOffset? FinishedAt, JsonElement? Results = null, bool Retryable = true)
{
    public static JobObservation Of(V1Job job, IEnumerable<V1Pod> pods)
    {
        var conditions = job.Status?.Conditions ?? [];
        if (conditions.FirstOrDefault(c => c.Type == "Complete" && c.Status == "True") is { } complete)
        {
            var finished = Time(job.Status?.CompletionTime ?? complete.LastTransitionTime);
            var all = pods.ToList();
            var succeeded = all.Where(p => p.Status?.Phase == "Succeeded").OrderByDescending(p => p.Metadata.CreationTimestamp).FirstOrDefault();
            if (succeeded is null && all.Any(p => p.Status?.Phase is not ("Succeeded" or "Failed")))
            {
                // The Job's event came before its pod's: the results are in the pod's final status, which comes next.
                return new(JobOutcome.Running, null, null);
            }

            var message = succeeded?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == StageJobBuilder.ContainerName)?.State?.Terminated?.Message;
            var parsed = StageResults.Parse(message);
            if (parsed.Error is { } error)
            {
                return new(JobOutcome.Failed, new StageFailureCause("InvalidResults", $"the stage succeeded but {error}"), finished, Retryable: false);
            }

            return new(JobOutcome.Succeeded, null, finished, parsed.Results!.Count == 0 ? null : JsonSerializer.SerializeToElement(parsed.Results));
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
