using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The discovery.k8s.io/v1 EndpointSlices of a Service with a selector, after staging/src/k8s.io/endpointslice/
/// reconciler.go: per address type and per distinct set of ports one group of slices of at most 100 endpoints;
/// existing slices keep the endpoints still wanted (updated in place), are filled before new ones are created, are
/// deleted when emptied (reused for a create when possible), and a Service without endpoints has one placeholder
/// slice. Every pod with an IP that is not terminal counts, terminating ones too, with ready/serving/terminating
/// conditions. Slices are owned by the Service, so garbage collection removes them with it. Unlike kube, a pod whose
/// Node object does not exist is kept (pods here often name no node at all); a Node's zone label still fills `zone`.
/// </summary>
internal sealed class EndpointSliceReconciler(ObjectStore store, ResourceRegistry registry)
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ControllerName = "endpointslice-controller.k8s.io";
    private const int MaxEndpointsPerSlice = 100;
    private readonly Lock gate = new();
    private readonly Dictionary<(string Ns, string Service), HashSet<string>> byService = [];
    private readonly Dictionary<(string Ns, string Name), string> serviceOf = [];
    private readonly TriggerTimeTracker triggers = new();

    private ResourceType Slices => registry.Find("discovery.k8s.io", "v1", "endpointslices")!;

    /// <summary>Indexes a changed slice by its Service; returns that Service when the slice is one this controller manages.</summary>
    public (string Ns, string Name)? OnSliceChanged(WatchEvent e)
    {
        var name = Meta.Name(e.Object);
        var current = store.Get(Slices, e.Namespace, name);
        lock (gate)
        {
            if (serviceOf.Remove((e.Namespace, name), out var old) && byService.TryGetValue((e.Namespace, old), out var names))
            {
                names.Remove(name);
            }
            if (current is not null && ManagedServiceOf(current) is { } service)
            {
                serviceOf[(e.Namespace, name)] = service;
                if (!byService.TryGetValue((e.Namespace, service), out var set))
                {
                    byService[(e.Namespace, service)] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(name);
            }
        }
        return ManagedServiceOf(current ?? e.Object) is { } s ? (e.Namespace, s) : null;
    }

    public void Forget(string ns, string service) => triggers.Forget(ns, service);

    public void Reconcile(JsonObject service, IReadOnlyList<JsonObject> pods)
    {
        var ns = Meta.Str(service, "namespace");
        List<string> names;
        lock (gate)
        {
            names = byService.TryGetValue((ns, Meta.Name(service)), out var set) ? [.. set] : [];
        }
        var existing = names.Select(n => store.Get(Slices, ns, n)).OfType<JsonObject>().ToList();
        var triggerTime = triggers.Compute(service, pods);
        var types = AddressTypes(service);
        foreach (var type in types)
        {
            ReconcileAddressType(service, pods, existing.Where(s => AddressType(s) == type).ToList(), type, triggerTime);
        }
        foreach (var unsupported in existing.Where(s => !types.Contains(AddressType(s))))
        {
            Delete(ns, unsupported);
        }
    }

    private void ReconcileAddressType(JsonObject service, IReadOnlyList<JsonObject> pods, List<JsonObject> existing, string addressType, DateTimeOffset? triggerTime)
    {
        var plan = new SlicePlan();
        var existingByPorts = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var slice in existing)
        {
            if (OwnedBy(slice, service))
            {
                var key = PortsKey(slice["ports"] as JsonArray);
                if (!existingByPorts.TryGetValue(key, out var list))
                {
                    existingByPorts[key] = list = [];
                }
                list.Add(slice);
            }
            else
            {
                plan.Delete.Add(slice);
            }
        }
        var desired = new Dictionary<string, (JsonArray Ports, List<JsonObject> Endpoints)>(StringComparer.Ordinal);
        var desiredOrder = new List<string>();
        foreach (var pod in pods.Where(p => PodEndpointRules.ShouldBeInEndpoints(p, includeTerminating: true)))
        {
            var ports = EndpointSliceShapes.Ports(service, pod);
            var key = PortsKey(ports);
            if (!desired.TryGetValue(key, out var group))
            {
                desired[key] = group = (ports, []);
                desiredOrder.Add(key);
            }
            var endpoint = EndpointSliceShapes.Endpoint(pod, service, addressType, Node(pod));
            if (endpoint["addresses"] is JsonArray { Count: > 0 })
            {
                group.Endpoints.Add(endpoint);
            }
        }
        foreach (var key in desiredOrder)
        {
            ReconcilePorts(service, existingByPorts.GetValueOrDefault(key) ?? [], desired[key].Endpoints, desired[key].Ports, addressType, plan);
        }
        plan.Delete.AddRange(existingByPorts.Where(kv => !desired.ContainsKey(kv.Key)).SelectMany(kv => kv.Value));
        if (existing.Count == plan.Delete.Count && plan.Create.Count == 0)
        {
            var placeholder = EndpointSliceShapes.NewSlice(service, [], addressType);
            if (plan.Delete.Count == 1 && EndpointSliceShapes.IsSamePlaceholder(plan.Delete[0], placeholder))
            {
                plan.Delete.Clear();
            }
            else
            {
                plan.Create.Add(placeholder);
            }
        }
        Finalize(service, plan, triggerTime);
    }

    /// <summary>reconcileByPortMapping: keep and update wanted endpoints in place, fill changed slices, then an unchanged one, then new ones.</summary>
    private static void ReconcilePorts(JsonObject service, List<JsonObject> existing, List<JsonObject> endpoints, JsonArray ports, string addressType, SlicePlan plan)
    {
        var wanted = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var wantedOrder = new List<string>();
        foreach (var ep in endpoints)
        {
            if (wanted.TryAdd(EndpointSliceShapes.Identity(ep), ep))
            {
                wantedOrder.Add(EndpointSliceShapes.Identity(ep));
            }
        }
        var updated = new List<JsonObject>();
        var unchanged = new List<JsonObject>();
        foreach (var slice in existing)
        {
            var current = slice["endpoints"] as JsonArray ?? [];
            var kept = new JsonArray();
            var changed = false;
            foreach (var ep in current.OfType<JsonObject>())
            {
                if (wanted.Remove(EndpointSliceShapes.Identity(ep), out var want))
                {
                    kept.Add(want.DeepClone());
                    changed |= !EndpointSliceShapes.EqualBeyondIdentity(want, ep);
                }
            }
            var (labels, labelsChanged) = EndpointSliceShapes.Labels(slice, service);
            if (changed || kept.Count != current.Count)
            {
                if (kept.Count == 0)
                {
                    plan.Delete.Add(slice);
                    continue;
                }
                var copy = (JsonObject)slice.DeepClone();
                copy["endpoints"] = kept;
                Meta.Of(copy)["labels"] = labels;
                updated.Add(copy);
            }
            else if (labelsChanged)
            {
                var copy = (JsonObject)slice.DeepClone();
                Meta.Of(copy)["labels"] = labels;
                updated.Add(copy);
            }
            else
            {
                unchanged.Add(slice);
            }
        }
        var remaining = new Queue<JsonObject>(wantedOrder.Where(wanted.ContainsKey).Select(id => wanted[id]));
        foreach (var slice in updated.OrderByDescending(s => (s["endpoints"] as JsonArray)?.Count ?? 0))
        {
            Fill(slice, remaining);
        }
        while (remaining.Count > 0)
        {
            JsonObject? target = null;
            if (remaining.Count < MaxEndpointsPerSlice)
            {
                target = unchanged.Where(s => Count(s) + remaining.Count <= MaxEndpointsPerSlice).OrderByDescending(Count).FirstOrDefault();
            }
            if (target is not null)
            {
                unchanged.Remove(target);
                target = (JsonObject)target.DeepClone();
                updated.Add(target);
            }
            else
            {
                target = EndpointSliceShapes.NewSlice(service, ports, addressType);
                plan.Create.Add(target);
            }
            Fill(target, remaining);
        }
        plan.Update.AddRange(updated);
    }

    /// <summary>finalize: creates become updates of slices that would be deleted; no creates while the Service is being deleted.</summary>
    private void Finalize(JsonObject service, SlicePlan plan, DateTimeOffset? triggerTime)
    {
        var ns = Meta.Str(service, "namespace");
        for (var i = 0; i < plan.Delete.Count && plan.Create.Count > 0;)
        {
            var reusable = plan.Delete[i];
            var slice = plan.Create[^1];
            if (AddressType(reusable) == AddressType(slice) && OwnedBy(reusable, service))
            {
                Meta.Of(slice)["name"] = Meta.Name(reusable);
                plan.Create.RemoveAt(plan.Create.Count - 1);
                plan.Update.Add(slice);
                plan.Delete.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        if (!Meta.IsDeleting(service))
        {
            foreach (var slice in plan.Create)
            {
                EndpointSliceShapes.SetTriggerTime(slice, triggerTime);
                store.Create(Slices, ns, slice);
            }
        }
        foreach (var slice in plan.Update)
        {
            EndpointSliceShapes.SetTriggerTime(slice, triggerTime);
            store.Replace(Slices, ns, Meta.Name(slice), slice, WriteScope.Main);
        }
        foreach (var slice in plan.Delete)
        {
            Delete(ns, slice);
        }
    }

    private void Delete(string ns, JsonObject slice)
    {
        try
        {
            store.Delete(Slices, ns, Meta.Name(slice), Propagation.Background);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Already gone (garbage collected with an old Service of the same name).
        }
    }

    private JsonObject? Node(JsonObject pod) =>
        PodEndpointRules.Str(pod["spec"]?["nodeName"]) is { Length: > 0 } node ? store.Get(registry.Find("", "v1", "nodes")!, "", node) : null;

    private static void Fill(JsonObject slice, Queue<JsonObject> remaining)
    {
        if (remaining.Count == 0)
        {
            return;
        }
        if (slice["endpoints"] is not JsonArray endpoints)
        {
            slice["endpoints"] = endpoints = [];
        }
        while (remaining.Count > 0 && endpoints.Count < MaxEndpointsPerSlice)
        {
            endpoints.Add(remaining.Dequeue().DeepClone());
        }
    }

    private static int Count(JsonObject slice) => (slice["endpoints"] as JsonArray)?.Count ?? 0;

    /// <summary>getAddressTypesForService: spec.ipFamilies, else the family of the clusterIP, else (headless) both.</summary>
    private static List<string> AddressTypes(JsonObject service)
    {
        var families = (service["spec"]?["ipFamilies"] as JsonArray ?? []).Select(PodEndpointRules.Str).ToList();
        var types = new[] { "IPv4", "IPv6" }.Where(families.Contains).ToList();
        if (types.Count > 0)
        {
            return types;
        }
        return PodEndpointRules.IsServiceIpSet(service)
            ? [PodEndpointRules.IsIPv6(PodEndpointRules.ClusterIp(service)) ? "IPv6" : "IPv4"]
            : ["IPv4", "IPv6"];
    }

    private static string AddressType(JsonObject slice) => PodEndpointRules.Str(slice["addressType"]);

    private static bool OwnedBy(JsonObject slice, JsonObject service) =>
        Meta.OwnerReferences(slice).Any(r => PodEndpointRules.Str(r["uid"]) == Meta.Uid(service)
            && PodEndpointRules.Str(r["kind"]) == "Service" && PodEndpointRules.Str(r["apiVersion"]) == "v1");

    private static string? ManagedServiceOf(JsonObject slice) =>
        Meta.Of(slice)["labels"] is JsonObject labels && PodEndpointRules.Str(labels[ManagedByLabel]) == ControllerName
            && PodEndpointRules.Str(labels[ServiceNameLabel]) is { Length: > 0 } service ? service : null;

    /// <summary>NewPortMapKey: ports compared as a set, whatever their order.</summary>
    private static string PortsKey(JsonArray? ports) =>
        string.Join(";", (ports ?? []).OfType<JsonObject>()
            .Select(p => $"{PodEndpointRules.Str(p["name"])}|{PodEndpointRules.Str(p["protocol"])}|{p["port"]?.ToJsonString()}|{PodEndpointRules.Str(p["appProtocol"])}")
            .Order(StringComparer.Ordinal));
}
