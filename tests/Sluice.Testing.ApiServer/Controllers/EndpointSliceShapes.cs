using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The pieces of an EndpointSlice, as staging/src/k8s.io/endpointslice/utils.go builds them (podToEndpoint,
/// getEndpointPorts, newEndpointSlice, setEndpointSliceLabels) and util/endpointset.go compares them.
/// </summary>
internal static class EndpointSliceShapes
{
    public const string TriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";
    public const string HeadlessLabel = "service.kubernetes.io/headless";
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>getEndpointPorts: every Service port the pod has (named ports resolved per pod); name is always set, "" when unnamed.</summary>
    public static JsonArray Ports(JsonObject service, JsonObject pod)
    {
        var ports = new JsonArray();
        foreach (var sp in PodEndpointRules.Ports(service))
        {
            if (PodEndpointRules.FindPort(pod, sp) is not { } number)
            {
                continue;
            }
            var port = new JsonObject { ["name"] = sp.Name, ["protocol"] = sp.Protocol, ["port"] = number };
            if (sp.AppProtocol is { } app)
            {
                port["appProtocol"] = app;
            }
            ports.Add(port);
        }
        return ports;
    }

    /// <summary>
    /// podToEndpoint: the pod's IPs of this address type; serving = Ready, terminating = being deleted, ready =
    /// publishNotReadyAddresses or (serving and not terminating); targetRef, nodeName, the Node's zone, hostname.
    /// </summary>
    public static JsonObject Endpoint(JsonObject pod, JsonObject service, string addressType, JsonObject? node)
    {
        var serving = PodEndpointRules.IsReady(pod);
        var terminating = Meta.IsDeleting(pod);
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue(out bool b) && b;
        var addresses = PodEndpointRules.PodIps(pod)
            .Where(ip => PodEndpointRules.IsIPv6(ip) == (addressType == "IPv6"))
            .Select(PodEndpointRules.Canonical).OfType<string>()
            .Select(ip => (JsonNode?)ip);
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray([.. addresses]),
            ["conditions"] = new JsonObject { ["ready"] = publishNotReady || (serving && !terminating), ["serving"] = serving, ["terminating"] = terminating },
        };
        if (PodEndpointRules.Hostname(pod, service) is { } host)
        {
            endpoint["hostname"] = host;
        }
        endpoint["targetRef"] = PodEndpointRules.TargetRef(pod);
        if (PodEndpointRules.Str(pod["spec"]?["nodeName"]) is { Length: > 0 } nodeName)
        {
            endpoint["nodeName"] = nodeName;
        }
        if (node is not null && Meta.Of(node)["labels"]?[ZoneLabel] is JsonValue zone && PodEndpointRules.Str(zone) is { Length: > 0 } z)
        {
            endpoint["zone"] = z;
        }
        return endpoint;
    }

    /// <summary>
    /// newEndpointSlice: generateName "SERVICE-", the Service as controlling owner, the Service's labels plus the
    /// reserved ones. Empty endpoint and port lists read back as null, as protobuf storage returns them.
    /// </summary>
    public static JsonObject NewSlice(JsonObject service, JsonArray ports, string addressType) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["generateName"] = Meta.Name(service) + "-",
            ["labels"] = Labels(new JsonObject(), service).Labels,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Service", ["name"] = Meta.Name(service), ["uid"] = Meta.Uid(service),
                ["controller"] = true, ["blockOwnerDeletion"] = true,
            }),
        },
        ["addressType"] = addressType,
        ["endpoints"] = null,
        ["ports"] = ports.Count > 0 ? ports.DeepClone() : null,
    };

    /// <summary>placeholderSliceCompare: an existing slice that already is the placeholder is kept, not recreated.</summary>
    public static bool IsSamePlaceholder(JsonObject existing, JsonObject placeholder) =>
        SameLabels(Meta.Of(existing)["labels"] as JsonObject, Meta.Of(placeholder)["labels"] as JsonObject)
        && PodEndpointRules.Str(existing["addressType"]) == PodEndpointRules.Str(placeholder["addressType"])
        && existing["endpoints"] is null or JsonArray { Count: 0 }
        && existing["ports"] is null or JsonArray { Count: 0 };

    /// <summary>hashEndpoint: an endpoint is the same one when its addresses, hostname and pod are.</summary>
    public static string Identity(JsonObject endpoint) =>
        string.Join(",", (endpoint["addresses"] as JsonArray ?? []).Select(PodEndpointRules.Str).Order(StringComparer.Ordinal))
        + "|" + PodEndpointRules.Str(endpoint["hostname"])
        + "|" + PodEndpointRules.Str(endpoint["targetRef"]?["namespace"]) + "/" + PodEndpointRules.Str(endpoint["targetRef"]?["name"]);

    /// <summary>EndpointsEqualBeyondHash: nodeName, zone, conditions and targetRef (ignoring its resourceVersion) agree.</summary>
    public static bool EqualBeyondIdentity(JsonObject a, JsonObject b)
    {
        static JsonNode? Ref(JsonObject e)
        {
            var copy = e["targetRef"]?.DeepClone() as JsonObject;
            copy?.Remove("resourceVersion");
            return copy;
        }
        return PodEndpointRules.Str(a["nodeName"]) == PodEndpointRules.Str(b["nodeName"])
            && PodEndpointRules.Str(a["zone"]) == PodEndpointRules.Str(b["zone"])
            && JsonNode.DeepEquals(a["conditions"], b["conditions"])
            && JsonNode.DeepEquals(Ref(a), Ref(b));
    }

    /// <summary>
    /// setEndpointSliceLabels: the Service's labels except the reserved ones, plus service-name, managed-by and the
    /// headless label when the Service has no cluster IP; "changed" compares only the non-reserved labels.
    /// </summary>
    public static (JsonObject Labels, bool Changed) Labels(JsonObject slice, JsonObject service)
    {
        static bool Reserved(string key) => key is EndpointSliceReconciler.ServiceNameLabel or EndpointSliceReconciler.ManagedByLabel or HeadlessLabel;
        static JsonObject Own(JsonObject obj) => new([.. (Meta.Of(obj)["labels"] as JsonObject ?? [])
            .Where(kv => !Reserved(kv.Key)).Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))]);
        var labels = Own(service);
        var changed = !SameLabels(Own(slice), labels);
        if (!PodEndpointRules.IsServiceIpSet(service))
        {
            labels[HeadlessLabel] = "";
        }
        labels[EndpointSliceReconciler.ServiceNameLabel] = Meta.Name(service);
        labels[EndpointSliceReconciler.ManagedByLabel] = EndpointSliceReconciler.ControllerName;
        return (labels, changed);
    }

    /// <summary>addTriggerTimeAnnotation: set the time, or clear the annotation when there is none.</summary>
    public static void SetTriggerTime(JsonObject obj, DateTimeOffset? triggerTime)
    {
        var meta = Meta.Of(obj);
        if (meta["annotations"] is not JsonObject annotations)
        {
            meta["annotations"] = annotations = [];
        }
        if (triggerTime is { } t)
        {
            annotations[TriggerTimeAnnotation] = Meta.Timestamp(t);
        }
        else
        {
            annotations.Remove(TriggerTimeAnnotation);
        }
        if (annotations.Count == 0)
        {
            meta.Remove("annotations");
        }
    }

    /// <summary>Label maps compared as maps (a missing map equals an empty one, as apiequality.Semantic does).</summary>
    public static bool SameLabels(JsonObject? a, JsonObject? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? []).All(kv => b is not null && PodEndpointRules.Str(b[kv.Key]) == PodEndpointRules.Str(kv.Value) && b.ContainsKey(kv.Key));
}
