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
internal sealed class DeploymentController(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Ns, string Name), string> podIps = new();
    private readonly Lock gate = new();

    public void SetPodIp(string ns, string deployment, string ip) => podIps[(ns, deployment)] = ip;

    public void OnChanged(WatchEvent e)
    {
        if (e.Resource.StorageKey != "apps/deployments" || e.Type == "DELETED" || Meta.IsDeleting(e.Object))
        {
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
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(template.ToJsonString())))[..10].ToLowerInvariant();
        var owned = store.List(pods, ns).Items.Where(p => Meta.OwnerReferences(p).Any(r => r["uid"]?.GetValue<string>() == uid)).ToList();
        foreach (var stale in owned.Where(p => Meta.Of(p)["labels"]?["pod-template-hash"]?.GetValue<string>() != hash || Meta.IsDeleting(p)).ToList())
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
            var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
            labels["pod-template-hash"] = hash;
            var pod = store.Create(pods, ns, new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["generateName"] = $"{name}-{hash}-",
                    ["labels"] = labels,
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
                    }),
                },
                ["spec"] = template["spec"]?.DeepClone(),
            });
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
