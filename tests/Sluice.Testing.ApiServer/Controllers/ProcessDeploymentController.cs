using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The Deployment controller for Deployments whose pods the process kubelet runs: replicas from the pods' real
/// readiness, a rolling update within maxSurge/maxUnavailable (or Recreate), minReadySeconds before a ready pod
/// counts as available, and the Available/Progressing conditions (pkg/controller/deployment). Pods are owned by
/// the Deployment directly and labelled with the template hash; there are no ReplicaSets. Work is queued per
/// Deployment and done on one loop, so a Deployment is never reconciled twice at once.
/// </summary>
internal sealed class ProcessDeploymentController
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(1);
    private readonly ObjectStore store;
    private readonly ResourceRegistry registry;
    private readonly TimeProvider time;
    private readonly Func<JsonNode?, bool> runs;
    private readonly Channel<(string Ns, string Name)> queue = Channel.CreateUnbounded<(string, string)>();
    private readonly ConcurrentDictionary<(string, string), byte> queued = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <param name="runs">Whether the kubelet runs pods of a template's spec: other Deployments stay simulated.</param>
    public ProcessDeploymentController(ObjectStore store, ResourceRegistry registry, TimeProvider time, Func<JsonNode?, bool> runs)
    {
        (this.store, this.registry, this.time, this.runs) = (store, registry, time, runs);
        loop = Task.Run(LoopAsync);
    }

    private ResourceType Pods => registry.Find("", "v1", "pods")!;

    private ResourceType Deployments => registry.Find("apps", "v1", "deployments")!;

    public void Enqueue(string ns, string name)
    {
        if (queued.TryAdd((ns, name), 0))
        {
            queue.Writer.TryWrite((ns, name));
        }
    }

    public void Stop()
    {
        stopping.Cancel();
        queue.Writer.TryComplete();
    }

    private async Task LoopAsync()
    {
        await foreach (var key in queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            queued.TryRemove(key, out _);
            try
            {
                if (Reconcile(key.Ns, key.Name) is { } again)
                {
                    _ = Task.Delay(again, time, stopping.Token).ContinueWith(_ => Enqueue(key.Ns, key.Name), TaskScheduler.Default);
                }
            }
            catch (ApiException)
            {
                // Deleted or changed meanwhile: the event that did it queues the Deployment again.
            }
        }
    }

    /// <summary>One step of the rollout; returns when to look again without an event (minReadySeconds, progress deadline).</summary>
    private TimeSpan? Reconcile(string ns, string name)
    {
        if (store.Get(Deployments, ns, name) is not { } deployment || Meta.IsDeleting(deployment) || !runs(deployment["spec"]?["template"]?["spec"]))
        {
            return null;
        }

        var spec = deployment["spec"];
        var replicas = (int)(Meta.Number(spec?["replicas"]) ?? 1);
        var template = spec?["template"] as JsonObject ?? [];
        var hash = DeploymentPods.TemplateHash(template);
        var minReady = TimeSpan.FromSeconds(Meta.Number(spec?["minReadySeconds"]) ?? 0);
        var now = time.GetUtcNow();
        var pods = DeploymentPods.Owned(store, Pods, ns, Meta.Uid(deployment)).Where(p => !Meta.IsDeleting(p)).ToList();
        var newPods = pods.Where(p => DeploymentPods.Hash(p) == hash).ToList();
        var oldPods = pods.Except(newPods).ToList();
        bool Available(JsonObject p) => DeploymentPods.ReadySince(p) is { } since && since + minReady <= now;
        var paused = spec?["paused"]?.GetValue<bool>() == true;
        if (!paused)
        {
            Scale(ns, deployment, template, hash, replicas, newPods, oldPods, Available);
            pods = DeploymentPods.Owned(store, Pods, ns, Meta.Uid(deployment)).Where(p => !Meta.IsDeleting(p)).ToList();
            newPods = pods.Where(p => DeploymentPods.Hash(p) == hash).ToList();
        }

        var status = new DeploymentStatusBuilder(deployment, replicas, hash, now)
            .Build(pods.Count, newPods.Count, pods.Count(DeploymentPods.IsReady), pods.Count(Available), newPods.Count(Available));
        store.Mutate(Deployments, ns, name, d => { d["status"] = status; return d; }, WriteScope.Status);
        var waitingForMinReady = pods.Any(p => DeploymentPods.ReadySince(p) is { } since && since + minReady > now);
        return waitingForMinReady || Meta.Number(status["updatedReplicas"]) != replicas || Meta.Number(status["availableReplicas"]) != replicas ? Resync : null;
    }

    private void Scale(string ns, JsonObject deployment, JsonObject template, string hash, int replicas, List<JsonObject> newPods, List<JsonObject> oldPods, Func<JsonObject, bool> available)
    {
        var strategy = deployment["spec"]?["strategy"];
        if (strategy?["type"]?.GetValue<string>() == "Recreate")
        {
            DeletePods(ns, oldPods);
            if (oldPods.Count == 0 && !DeploymentPods.Owned(store, Pods, ns, Meta.Uid(deployment)).Any(p => DeploymentPods.Hash(p) != hash))
            {
                CreatePods(ns, deployment, template, hash, replicas - newPods.Count);
            }

            DeletePods(ns, Surplus(newPods, replicas, available));
            return;
        }

        var (surge, unavailable) = RollingUpdate.Fenceposts(strategy?["rollingUpdate"]?["maxSurge"], strategy?["rollingUpdate"]?["maxUnavailable"], replicas);
        DeletePods(ns, Surplus(newPods, replicas, available));
        var created = RollingUpdate.ScaleUp(replicas, surge, Math.Min(newPods.Count, replicas), oldPods.Count);
        CreatePods(ns, deployment, template, hash, created);
        var (unhealthy, healthy) = RollingUpdate.ScaleDown(replicas, unavailable, Math.Min(newPods.Count, replicas) + created,
            newPods.Take(replicas).Count(available), oldPods.Count, oldPods.Count(available));
        DeletePods(ns, oldPods.Where(p => !available(p)).Take(unhealthy));
        DeletePods(ns, oldPods.Where(available).Take(healthy));
    }

    /// <summary>Pods beyond the replicas, unavailable ones first (as a ReplicaSet scales down).</summary>
    private static IEnumerable<JsonObject> Surplus(List<JsonObject> pods, int replicas, Func<JsonObject, bool> available) =>
        pods.OrderBy(p => available(p) ? 1 : 0).Take(Math.Max(0, pods.Count - replicas));

    private void CreatePods(string ns, JsonObject deployment, JsonObject template, string hash, int count)
    {
        for (var i = 0; i < count; i++)
        {
            DeploymentPods.Create(store, Pods, ns, deployment, template, hash);
        }
    }

    private void DeletePods(string ns, IEnumerable<JsonObject> pods)
    {
        foreach (var pod in pods.ToList())
        {
            try
            {
                store.Delete(Pods, ns, Meta.Name(pod), Propagation.Background);
            }
            catch (ApiException)
            {
                // Already gone.
            }
        }
    }
}
