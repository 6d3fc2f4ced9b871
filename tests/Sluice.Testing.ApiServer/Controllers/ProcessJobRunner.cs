using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The Job controller for Jobs whose pods the process kubelet runs: the outcome comes from the pods' real phases
/// (pkg/controller/job/job_controller.go). One pod at a time until <c>completions</c> succeed; a failed pod is
/// replaced after the pod-failure back-off (10 s doubling, at most 6 min) until <c>backoffLimit</c> is passed
/// (counting container restarts under OnFailure); at <c>activeDeadlineSeconds</c> its pods are deleted, so the
/// kubelet SIGTERMs them, and the Job fails with DeadlineExceeded.
/// </summary>
internal sealed class ProcessJobRunner(ObjectStore store, JobWrites writes, TimeProvider time, TimeSpan podFailureBackoff)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPodFailureBackoff = TimeSpan.FromMinutes(6);

    public async Task RunAsync(string ns, JsonObject job, CancellationToken ct)
    {
        try
        {
            var name = Meta.Name(job);
            var spec = job["spec"];
            var backoffLimit = (int)(Meta.Number(spec?["backoffLimit"]) ?? 6);
            var completions = (int)(Meta.Number(spec?["completions"]) ?? 1);
            var deadline = Meta.Number(spec?["activeDeadlineSeconds"]) is { } secs ? time.GetUtcNow().AddSeconds(secs) : (DateTimeOffset?)null;
            var (succeeded, failed) = (0, 0);
            writes.Update(ns, name, s => s["startTime"] = writes.Now());
            while (succeeded < completions)
            {
                var pod = Meta.Name(writes.CreatePod(ns, job));
                writes.Update(ns, name, s => { s["active"] = 1; s["ready"] = 0; s["succeeded"] = succeeded; s["failed"] = failed; });
                var outcome = await FollowAsync(ns, name, pod, deadline, backoffLimit - failed, ct);
                switch (outcome)
                {
                    case PodOutcome.Succeeded:
                        succeeded++;
                        continue;
                    case PodOutcome.DeadlineExceeded:
                        await StopAsync(ns, name, pod, "DeadlineExceeded", "Job was active longer than specified deadline", failed + 1, ct);
                        return;
                    case PodOutcome.TooManyRestarts:
                        await StopAsync(ns, name, pod, "BackoffLimitExceeded", "Job has reached the specified backoff limit", failed + 1, ct);
                        return;
                }

                failed++;
                if (failed > backoffLimit)
                {
                    writes.Fail(ns, name, "BackoffLimitExceeded", "Job has reached the specified backoff limit", failed);
                    return;
                }

                writes.Update(ns, name, s => { s["active"] = 0; s["ready"] = 0; s["failed"] = failed; });
                var wait = podFailureBackoff * Math.Pow(2, failed - 1);
                await Task.Delay(wait < MaxPodFailureBackoff ? wait : MaxPodFailureBackoff, time, ct);
            }

            writes.Complete(ns, name, succeeded, failed);
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
        catch (ApiException)
        {
            // The Job was deleted while it ran.
        }
    }

    private enum PodOutcome
    {
        Succeeded,
        Failed,
        DeadlineExceeded,
        TooManyRestarts,
    }

    /// <summary>Follows a pod to its end, keeping status.ready of the Job current.</summary>
    private async Task<PodOutcome> FollowAsync(string ns, string job, string pod, DateTimeOffset? deadline, int restartsAllowed, CancellationToken ct)
    {
        var ready = false;
        while (true)
        {
            if (deadline is { } d && time.GetUtcNow() >= d)
            {
                return PodOutcome.DeadlineExceeded;
            }

            if (store.Get(writes.Pods, ns, pod) is not { } current)
            {
                return PodOutcome.Failed;
            }

            var status = current["status"];
            switch (status?["phase"]?.GetValue<string>())
            {
                case "Succeeded":
                    return PodOutcome.Succeeded;
                case "Failed":
                    return PodOutcome.Failed;
            }

            var restarts = (status?["containerStatuses"] as JsonArray ?? []).Sum(c => (int)(Meta.Number(c?["restartCount"]) ?? 0));
            if (restarts > restartsAllowed)
            {
                return PodOutcome.TooManyRestarts;
            }

            var nowReady = (status?["conditions"] as JsonArray ?? []).Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
            if (nowReady != ready)
            {
                ready = nowReady;
                writes.Update(ns, job, s => s["ready"] = ready ? 1 : 0);
            }

            await Task.Delay(Poll, time, ct);
        }
    }

    /// <summary>Marks the Job failing, deletes its pod (the kubelet stops it gracefully) and fails the Job once the pod is gone.</summary>
    private async Task StopAsync(string ns, string job, string pod, string reason, string message, int failed, CancellationToken ct)
    {
        writes.Fail(ns, job, reason, message, failed, final: false);
        try
        {
            store.Delete(writes.Pods, ns, pod, Propagation.Background);
        }
        catch (ApiException)
        {
            // Already gone.
        }

        var until = time.GetUtcNow().AddSeconds(PodGrace.DefaultSeconds + 10);
        while (store.Get(writes.Pods, ns, pod) is not null && time.GetUtcNow() < until)
        {
            await Task.Delay(Poll, time, ct);
        }

        writes.Fail(ns, job, reason, message, failed);
    }
}
