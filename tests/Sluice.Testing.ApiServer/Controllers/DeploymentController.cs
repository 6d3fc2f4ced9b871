using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// A simplified Deployment controller: keeps spec.replicas ready pods (owned by the Deployment directly, no
/// ReplicaSet), replaces them when the template changes, and reports observedGeneration, replica counts and the
/// Available/Progressing conditions. A test can give a Deployment's pods a real local IP to reach a real server.
/// </summary>
internal sealed class DeploymentController(ObjectStore store, ResourceRegistry registry, TimeProvider time, Kubelet.Kubelet? kubelet)
{
    private readonly ConcurrentDictionary<(string Ns, string Name), string> podIps = new();
    private readonly Lock gate = new();
    private readonly ProcessDeploymentController? processes = kubelet is null ? null : new ProcessDeploymentController(store, registry, time, kubelet.Runs);

    public void SetPodIp(string ns, string deployment, string ip) => podIps[(ns, deployment)] = ip;

    public void Stop() => processes?.Stop();

    public void OnChanged(WatchEvent e)
    {
        if (processes is not null && e.Resource.StorageKey == "/pods")
        {
            // A process pod's readiness drives its Deployment's rollout and status.
            foreach (var owner in Meta.OwnerReferences(e.Object).Where(r => r["kind"]?.GetValue<string>() == "Deployment"))
            {
                processes.Enqueue(e.Namespace, owner["name"]?.GetValue<string>() ?? "");
            }
            return;
        }
        if (e.Resource.StorageKey != "apps/deployments" || e.Type == "DELETED" || Meta.IsDeleting(e.Object))
        {
            return;
        }
        if (processes is not null && kubelet!.Runs(e.Object["spec"]?["template"]?["spec"]))
        {
            processes.Enqueue(e.Namespace, Meta.Name(e.Object));
            return;
        }
        var generation = (long)(Meta.Number(Meta.Of(e.Object)["generation"]) ?? 1);
        if ((long?)Meta.Number(e.Object["status"]?["observedGeneration"]) == generation)
        {
            return;
        }
        lock (gate)
        {
            try
            {
                Reconcile(e.Namespace, Meta.Name(e.Object), generation);
            }
            catch (ApiException)
            {
                // Deleted meanwhile.
            }
        }
    }

    private void Reconcile(string ns, string name, long generation)
    {
        var pods = registry.Find("", "v1", "pods")!;
        var deployments = registry.Find("apps", "v1", "deployments")!;
        var deployment = store.Get(deployments, ns, name) ?? throw ApiException.NotFound("deployments", "apps", name);
        var uid = Meta.Uid(deployment);
        var replicas = (int)(Meta.Number(deployment["spec"]?["replicas"]) ?? 1);
        var template = deployment["spec"]?["template"] as JsonObject ?? [];
        var hash = DeploymentPods.TemplateHash(template);
        var owned = DeploymentPods.Owned(store, pods, ns, uid);
        foreach (var stale in owned.Where(p => DeploymentPods.Hash(p) != hash || Meta.IsDeleting(p)).ToList())
        {
            store.Delete(pods, ns, Meta.Name(stale), Propagation.Background);
            owned.Remove(stale);
        }
        foreach (var extra in owned.Skip(replicas).ToList())
        {
            store.Delete(pods, ns, Meta.Name(extra), Propagation.Background);
        }
        for (var i = owned.Count; i < replicas; i++)
        {
            var pod = DeploymentPods.Create(store, pods, ns, deployment, template, hash);
            var ip = podIps.TryGetValue((ns, name), out var mapped) ? mapped : "10.244.1." + Random.Shared.Next(2, 250).ToString(CultureInfo.InvariantCulture);
            var now = Meta.Timestamp(time.GetUtcNow());
            var containers = (template["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonNode?)new JsonObject
            {
                ["name"] = c["name"]?.DeepClone(), ["image"] = c["image"]?.DeepClone(), ["ready"] = true, ["restartCount"] = 0, ["started"] = true,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
            }).ToArray();
            store.Mutate(pods, ns, Meta.Name(pod), p =>
            {
                p["status"] = new JsonObject
                {
                    ["phase"] = "Running", ["podIP"] = ip, ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }), ["hostIP"] = "10.0.0.1", ["startTime"] = now,
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now }),
                    ["containerStatuses"] = new JsonArray(containers),
                };
                return p;
            }, WriteScope.Status);
        }
        var stamp = Meta.Timestamp(time.GetUtcNow());
        store.Mutate(deployments, ns, name, d =>
        {
            d["status"] = new JsonObject
            {
                ["observedGeneration"] = generation, ["replicas"] = replicas, ["updatedReplicas"] = replicas, ["readyReplicas"] = replicas, ["availableReplicas"] = replicas,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable", ["message"] = "Deployment has minimum availability.", ["lastUpdateTime"] = stamp, ["lastTransitionTime"] = stamp },
                    new JsonObject { ["type"] = "Progressing", ["status"] = "True", ["reason"] = "NewReplicaSetAvailable", ["message"] = $"ReplicaSet \"{name}-{hash}\" has successfully progressed.", ["lastUpdateTime"] = stamp, ["lastTransitionTime"] = stamp }),
            };
            return d;
        }, WriteScope.Status);
    }
}
