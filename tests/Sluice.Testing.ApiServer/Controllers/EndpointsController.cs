using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// kube-controller-manager's endpoints controller (pkg/controller/endpoint/endpoints_controller.go) and endpointslice
/// controller (pkg/controller/endpointslice, through <see cref="EndpointSliceReconciler"/>) for every Service with a
/// selector: v1 Endpoints and discovery.k8s.io/v1 EndpointSlices from the pods that match it, written only when they
/// differ from what is stored. Services without a selector (user-managed Endpoints) and ExternalName Services are
/// left alone; a deleted Service's Endpoints are deleted, its slices go with it through their owner reference.
/// Pods and selectors are indexed per namespace from store events, so a change looks only at its own namespace.
/// Work runs on the thread of the write that caused it, one Service at a time: a change that arrives while another
/// thread is syncing is queued and picked up by that thread, so every sync sees a settled store.
/// </summary>
internal sealed class EndpointsController(ObjectStore store, ResourceRegistry registry)
{
    private const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    /// <summary>Set while this thread syncs, so the events of the controller's own writes are not taken as outside changes.</summary>
    [ThreadStatic]
    private static bool syncing;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> podsByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, string>?>> selectorsByNamespace = new(StringComparer.Ordinal);
    private readonly HashSet<(string Ns, string Name)> pending = [];
    private readonly TriggerTimeTracker triggers = new();
    private readonly EndpointSliceReconciler slices = new(store, registry);
    private int draining;

    private ResourceType Pods => registry.Find("", "v1", "pods")!;

    private ResourceType Services => registry.Find("", "v1", "services")!;

    private ResourceType Endpoints => registry.Find("", "v1", "endpoints")!;

    public void OnChanged(WatchEvent e)
    {
        switch (e.Resource.StorageKey)
        {
            case "/pods":
                OnPod(e);
                break;
            case "/services":
                OnService(e);
                break;
            case "/endpoints" when e.Type == "DELETED" && !syncing:
                // Someone deleted a managed Endpoints: the controller puts it back (onEndpointsDelete).
                Enqueue(e.Namespace, Meta.Name(e.Object));
                break;
            case "discovery.k8s.io/endpointslices":
                if (slices.OnSliceChanged(e) is { } service && !syncing)
                {
                    Enqueue(service.Ns, service.Name);
                }
                break;
            default:
                return;
        }
        Drain();
    }

    private void OnPod(WatchEvent e)
    {
        var name = Meta.Name(e.Object);
        // Events can be published out of order by concurrent writers: the store, not the event, says what the pod is now.
        var current = store.Get(Pods, e.Namespace, name);
        lock (gate)
        {
            if (!podsByNamespace.TryGetValue(e.Namespace, out var pods))
            {
                podsByNamespace[e.Namespace] = pods = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            }
            pods.TryGetValue(name, out var old);
            if (current is null)
            {
                pods.Remove(name);
            }
            else
            {
                pods[name] = current;
            }
            if (old is not null && current is not null && Projection(old) == Projection(current))
            {
                return;
            }
            foreach (var (service, selector) in selectorsByNamespace.GetValueOrDefault(e.Namespace) ?? [])
            {
                if (selector is not null && (PodEndpointRules.Matches(selector, old) || PodEndpointRules.Matches(selector, current)))
                {
                    pending.Add((e.Namespace, service));
                }
            }
        }
    }

    private void OnService(WatchEvent e)
    {
        var name = Meta.Name(e.Object);
        var current = store.Get(Services, e.Namespace, name);
        lock (gate)
        {
            if (!selectorsByNamespace.TryGetValue(e.Namespace, out var selectors))
            {
                selectorsByNamespace[e.Namespace] = selectors = new Dictionary<string, Dictionary<string, string>?>(StringComparer.Ordinal);
            }
            if (current is null)
            {
                selectors.Remove(name);
            }
            else
            {
                selectors[name] = PodEndpointRules.Selector(current);
            }
            pending.Add((e.Namespace, name));
        }
    }

    private void Enqueue(string ns, string name)
    {
        lock (gate)
        {
            pending.Add((ns, name));
        }
    }

    /// <summary>Syncs queued Services until none is left; returns at once when another thread is already doing so.</summary>
    private void Drain()
    {
        while (Interlocked.CompareExchange(ref draining, 1, 0) == 0)
        {
            try
            {
                while (Take() is { } key)
                {
                    SyncWithRetry(key.Ns, key.Name);
                }
            }
            finally
            {
                Volatile.Write(ref draining, 0);
            }
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    return;
                }
            }
        }
    }

    private (string Ns, string Name)? Take()
    {
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return null;
            }
            var key = pending.First();
            pending.Remove(key);
            return key;
        }
    }

    private void SyncWithRetry(string ns, string name)
    {
        syncing = true;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    Sync(ns, name);
                    return;
                }
                catch (ApiException e) when (e.Code == 409 && attempt < 5)
                {
                    // Someone wrote the same object meanwhile: read again and recompute, as the requeue does upstream.
                }
                catch (ApiException)
                {
                    // Namespace terminating (403), objects gone meanwhile (404): the next event syncs again.
                    return;
                }
            }
        }
        finally
        {
            syncing = false;
        }
    }

    private void Sync(string ns, string name)
    {
        var service = store.Get(Services, ns, name);
        if (service is null)
        {
            triggers.Forget(ns, name);
            slices.Forget(ns, name);
            if (store.Get(Endpoints, ns, name) is not null)
            {
                store.Delete(Endpoints, ns, name, Propagation.Background);
            }
            return;
        }
        if (PodEndpointRules.Str(service["spec"]?["type"]) == "ExternalName" || PodEndpointRules.Selector(service) is not { } selector)
        {
            return;
        }
        List<JsonObject> pods;
        lock (gate)
        {
            pods = (podsByNamespace.GetValueOrDefault(ns)?.Values ?? Enumerable.Empty<JsonObject>())
                .Where(p => PodEndpointRules.Matches(selector, p))
                .OrderBy(Meta.Name, StringComparer.Ordinal)
                .ToList();
        }
        SyncEndpoints(service, pods);
        slices.Reconcile(service, pods);
    }

    /// <summary>syncService: compare subsets and labels with the stored Endpoints; create or update only on a difference.</summary>
    private void SyncEndpoints(JsonObject service, List<JsonObject> pods)
    {
        var ns = Meta.Str(service, "namespace");
        var name = Meta.Name(service);
        var triggerTime = triggers.Compute(service, pods);
        var subsets = EndpointSubsets.Build(service, pods);
        var serviceLabels = Meta.Of(service)["labels"] as JsonObject;
        var current = store.Get(Endpoints, ns, name);
        if (current is not null)
        {
            var currentLabels = (Meta.Of(current)["labels"] as JsonObject)?.DeepClone() as JsonObject;
            currentLabels?.Remove(EndpointSliceShapes.HeadlessLabel);
            var annotations = Meta.Of(current)["annotations"] as JsonObject;
            if (JsonNode.DeepEquals(current["subsets"] as JsonArray ?? [], subsets)
                && EndpointSliceShapes.SameLabels(currentLabels, serviceLabels)
                && annotations?.ContainsKey(OverCapacityAnnotation) != true)
            {
                return;
            }
        }
        var next = (JsonObject?)current?.DeepClone() ?? new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
        if (subsets.Count > 0)
        {
            next["subsets"] = subsets;
        }
        else
        {
            next.Remove("subsets");
        }
        var labels = serviceLabels?.DeepClone() as JsonObject ?? [];
        if (PodEndpointRules.IsServiceIpSet(service))
        {
            labels.Remove(EndpointSliceShapes.HeadlessLabel);
        }
        else
        {
            labels[EndpointSliceShapes.HeadlessLabel] = "";
        }
        if (labels.Count > 0)
        {
            Meta.Of(next)["labels"] = labels;
        }
        else
        {
            Meta.Of(next).Remove("labels");
        }
        (Meta.Of(next)["annotations"] as JsonObject)?.Remove(OverCapacityAnnotation);
        EndpointSliceShapes.SetTriggerTime(next, triggerTime);
        if (current is null)
        {
            store.Create(Endpoints, ns, next);
        }
        else
        {
            store.Replace(Endpoints, ns, name, next, WriteScope.Main);
        }
    }

    /// <summary>podEndpointsChanged: what of a pod can change its Endpoints or which Services select it.</summary>
    private static string Projection(JsonObject pod) => new JsonObject
    {
        ["labels"] = Meta.Of(pod)["labels"]?.DeepClone(),
        ["ips"] = new JsonArray([.. PodEndpointRules.PodIps(pod).Select(ip => (JsonNode?)ip)]),
        ["ready"] = PodEndpointRules.IsReady(pod),
        ["readySince"] = PodEndpointRules.ReadyTransitionTime(pod)?.ToUnixTimeSeconds(),
        ["phase"] = pod["status"]?["phase"]?.DeepClone(),
        ["deleting"] = Meta.IsDeleting(pod),
        ["spec"] = new JsonObject
        {
            ["nodeName"] = pod["spec"]?["nodeName"]?.DeepClone(),
            ["hostname"] = pod["spec"]?["hostname"]?.DeepClone(),
            ["subdomain"] = pod["spec"]?["subdomain"]?.DeepClone(),
            ["containers"] = pod["spec"]?["containers"]?.DeepClone(),
            ["initContainers"] = pod["spec"]?["initContainers"]?.DeepClone(),
        },
    }.ToJsonString();
}
