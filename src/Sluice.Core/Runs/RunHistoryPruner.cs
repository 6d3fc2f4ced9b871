using ApiRunPhase = Sluice.Core.Api.RunPhase;

namespace Sluice.Core.Runs;

/// <summary>
/// Which finished runs of a Pipeline to delete (successfulRunsHistoryLimit, failedRunsHistoryLimit, as a CronJob's
/// history limits) and which kept runs' Jobs to clean up (ttlSecondsAfterFinished, as a Job's TTL). The newest runs are
/// kept; ties in completion time are broken by name so every pass decides the same.
/// </summary>
public static class RunHistoryPruner
{
    public const int DefaultSuccessfulRunsHistoryLimit = 3;
    public const int DefaultFailedRunsHistoryLimit = 1;

    public static RunHistoryPlan Plan(
        IEnumerable<FinishedRun> runs, int? successfulLimit, int? failedLimit, int? ttlSecondsAfterFinished, DateTimeOffset now)
    {
        var all = runs.ToList();
        var delete = RunsToDelete(all, successfulLimit, failedLimit);
        var deleted = delete.ToHashSet(StringComparer.Ordinal);
        var (cleanUp, requeue) = JobsDue(all.Where(r => !deleted.Contains(r.Name)), ttlSecondsAfterFinished, now);
        return new RunHistoryPlan(delete, cleanUp, requeue);
    }

    /// <summary>Succeeded runs beyond <paramref name="successfulLimit"/> and failed or cancelled runs beyond <paramref name="failedLimit"/>, oldest first.</summary>
    public static IReadOnlyList<string> RunsToDelete(IEnumerable<FinishedRun> runs, int? successfulLimit, int? failedLimit)
    {
        var finished = runs.Where(r => IsFinished(r.Phase)).ToList();
        var succeeded = finished.Where(r => r.Phase == ApiRunPhase.Succeeded);
        var failed = finished.Where(r => r.Phase != ApiRunPhase.Succeeded);
        return Beyond(succeeded, Limit(successfulLimit, DefaultSuccessfulRunsHistoryLimit, "successfulRunsHistoryLimit"))
            .Concat(Beyond(failed, Limit(failedLimit, DefaultFailedRunsHistoryLimit, "failedRunsHistoryLimit")))
            .OrderBy(r => r.CompletionTime ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => r.Name)
            .ToList();
    }

    /// <summary>Finished runs with Jobs left whose completion time plus the TTL has passed, and when the next one will.</summary>
    public static (IReadOnlyList<string> Due, DateTimeOffset? RequeueAt) JobsDue(IEnumerable<FinishedRun> runs, int? ttlSecondsAfterFinished, DateTimeOffset now)
    {
        if (ttlSecondsAfterFinished is not { } ttl)
        {
            return ([], null);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ttl, "ttlSecondsAfterFinished");
        var due = new List<(DateTimeOffset At, string Name)>();
        DateTimeOffset? requeue = null;
        foreach (var run in runs.Where(r => r.HasJobs && IsFinished(r.Phase)))
        {
            var completed = run.CompletionTime ?? DateTimeOffset.MinValue;
            var expires = run.CompletionTime is null ? completed : completed.AddSeconds(ttl);
            if (expires <= now)
            {
                due.Add((completed, run.Name));
            }
            else if (requeue is null || expires < requeue)
            {
                requeue = expires;
            }
        }

        return ([.. due.OrderBy(d => d.At).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => d.Name)], requeue);
    }

    private static bool IsFinished(ApiRunPhase phase) =>
        phase is ApiRunPhase.Succeeded or ApiRunPhase.Failed or ApiRunPhase.Cancelled;

    private static int Limit(int? value, int fallback, string field) => value switch
    {
        null => fallback,
        < 0 => throw new ArgumentOutOfRangeException(field, value, $"spec.{field} must be 0 or more"),
        _ => value.Value,
    };

    private static IEnumerable<FinishedRun> Beyond(IEnumerable<FinishedRun> runs, int keep) =>
        runs.OrderByDescending(r => r.CompletionTime ?? DateTimeOffset.MinValue)
            .ThenByDescending(r => r.Name, StringComparer.Ordinal)
            .Skip(keep);
}
