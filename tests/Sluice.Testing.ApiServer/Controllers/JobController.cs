using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Http;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The part of kube-controller-manager's Job controller the operator relies on: one pod per attempt, pod phases
/// and container states, status.active/succeeded/failed, Complete/Failed conditions, backoffLimit and
/// activeDeadlineSeconds. Pods follow the per-Job script, else the default behaviour.
/// </summary>
internal sealed class JobController(ObjectStore store, ResourceRegistry registry, PodLogs logs, TimeProvider time, JobBehavior defaults, Kubelet.Kubelet? kubelet, TimeSpan podFailureBackoff)
{
    private readonly ConcurrentDictionary<(string Ns, string Name), JobBehavior> scripts = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly JobWrites writes = new(store, registry, time);

    public void Script(string ns, string job, JobBehavior behavior) => scripts[(ns, job)] = behavior;

    public void OnChanged(WatchEvent e)
    {
        if (e.Type == "ADDED" && e.Resource.StorageKey == "batch/jobs" && e.Object["spec"]?["suspend"]?.GetValue<bool>() != true)
        {
            var job = (JsonObject)e.Object.DeepClone();
            if (kubelet?.Runs(job["spec"]?["template"]?["spec"]) == true && !scripts.ContainsKey((e.Namespace, Meta.Name(job))))
            {
                _ = Task.Run(() => new ProcessJobRunner(store, writes, time, podFailureBackoff).RunAsync(e.Namespace, job, stopping.Token));
                return;
            }
            var behavior = scripts.TryGetValue((e.Namespace, Meta.Name(job)), out var b) ? b : defaults;
            _ = Task.Run(() => RunAsync(e.Namespace, job, behavior, stopping.Token));
        }
    }

    public void Stop() => stopping.Cancel();

    private ResourceType Pods => registry.Find("", "v1", "pods")!;

    private async Task RunAsync(string ns, JsonObject job, JobBehavior behavior, CancellationToken ct)
    {
        try
        {
            var name = Meta.Name(job);
            var backoffLimit = (int)(Meta.Number(job["spec"]?["backoffLimit"]) ?? 6);
            var deadline = Meta.Number(job["spec"]?["activeDeadlineSeconds"]) is { } secs ? time.GetUtcNow().AddSeconds(secs) : (DateTimeOffset?)null;
            var failed = 0;
            UpdateJob(ns, name, s => s["startTime"] = Now());
            while (!ct.IsCancellationRequested)
            {
                var pod = CreatePod(ns, job);
                var podName = Meta.Name(pod);
                UpdateJob(ns, name, s => { s["active"] = 1; s["ready"] = 0; });
                if (behavior.Outcome is JobOutcome.ImagePullBackOff or JobOutcome.Unschedulable)
                {
                    UpdatePod(ns, podName, behavior.Outcome == JobOutcome.Unschedulable ? Unschedulable(behavior) : Waiting(job, "ImagePullBackOff", behavior.Message ?? "Back-off pulling image"));
                    await WaitDeadlineAsync(deadline, ct);
                    FailJob(ns, name, "DeadlineExceeded", "Job was active longer than specified deadline", failed, podName);
                    return;
                }
                UpdatePod(ns, podName, Running(job));
                UpdateJob(ns, name, s => s["ready"] = 1);
                var runFor = behavior.RunFor;
                if (deadline is { } d && time.GetUtcNow() + runFor > d)
                {
                    await Task.Delay(d - time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero, time, ct);
                    FailJob(ns, name, "DeadlineExceeded", "Job was active longer than specified deadline", failed, podName);
                    return;
                }
                await Task.Delay(runFor, time, ct);
                if (behavior.Until is { } until)
                {
                    await until.WaitAsync(ct);
                }
                if (behavior.Log is not null)
                {
                    logs.Set(ns, podName, behavior.Log);
                }
                if (behavior.Outcome == JobOutcome.Succeed)
                {
                    UpdatePod(ns, podName, Terminated(job, "Succeeded", 0, "Completed", behavior.Message));
                    writes.Complete(ns, name, 1, failed);
                    return;
                }
                var (code, reason) = behavior.Outcome == JobOutcome.OOMKilled ? (137, "OOMKilled") : (behavior.ExitCode, "Error");
                UpdatePod(ns, podName, Terminated(job, "Failed", code, reason, behavior.Message));
                failed++;
                if (failed > backoffLimit)
                {
                    FailJob(ns, name, "BackoffLimitExceeded", "Job has reached the specified backoff limit", failed, null);
                    return;
                }
                UpdateJob(ns, name, s => { s["failed"] = failed; s["active"] = 0; });
            }
        }
        catch (OperationCanceledException)
        {
            // Server stopping.
        }
        catch (ApiException)
        {
            // The Job or its pod was deleted while it ran: the real controller just stops too.
        }
    }

    private async Task WaitDeadlineAsync(DateTimeOffset? deadline, CancellationToken ct)
    {
        var wait = deadline is { } d ? d - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        await Task.Delay(wait == Timeout.InfiniteTimeSpan || wait >= TimeSpan.Zero ? wait : TimeSpan.Zero, time, ct);
    }

    private void FailJob(string ns, string name, string reason, string message, int failed, string? activePod)
    {
        if (activePod is not null)
        {
            store.Delete(Pods, ns, activePod, Propagation.Background);
        }
        writes.Fail(ns, name, reason, message, failed);
    }

    private JsonObject CreatePod(string ns, JsonObject job) => writes.CreatePod(ns, job);

    private void UpdatePod(string ns, string name, JsonObject status) =>
        store.Mutate(Pods, ns, name, p => { p["status"] = status; return p; }, WriteScope.Status);

    private void UpdateJob(string ns, string name, Action<JsonObject> change) => writes.Update(ns, name, change);

    private JsonObject Running(JsonObject job) => new()
    {
        ["phase"] = "Running", ["startTime"] = Now(), ["podIP"] = "10.244.0." + Random.Shared.Next(2, 250).ToString(CultureInfo.InvariantCulture),
        ["conditions"] = new JsonArray(Condition("Ready", null, null, Now())),
        ["containerStatuses"] = ContainerStatuses(job, c => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now() } }, ready: true),
    };

    private JsonObject Terminated(JsonObject job, string phase, int code, string reason, string? message) => new()
    {
        ["phase"] = phase,
        ["containerStatuses"] = ContainerStatuses(job, c => new JsonObject
        {
            ["terminated"] = new JsonObject { ["exitCode"] = code, ["reason"] = reason, ["message"] = message, ["startedAt"] = Now(), ["finishedAt"] = Now() },
        }, ready: false),
    };

    private JsonObject Waiting(JsonObject job, string reason, string message) => new()
    {
        ["phase"] = "Pending",
        ["containerStatuses"] = ContainerStatuses(job, c => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } }, ready: false),
    };

    private JsonObject Unschedulable(JobBehavior b) => new()
    {
        ["phase"] = "Pending",
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable", ["lastTransitionTime"] = Now(),
            ["message"] = b.Message ?? "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
        }),
    };

    private static JsonArray ContainerStatuses(JsonObject job, Func<JsonObject, JsonObject> state, bool ready) =>
        new((job["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c["name"]?.DeepClone(), ["image"] = c["image"]?.DeepClone(), ["ready"] = ready, ["restartCount"] = 0, ["state"] = state(c),
        }).ToArray());

    private static JsonObject Condition(string type, string? reason, string? message, string now) => JobWrites.Condition(type, reason, message, now);

    private string Now() => Meta.Timestamp(time.GetUtcNow());
}
