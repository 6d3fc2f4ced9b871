using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// What the endpoints and endpointslice controllers read from pods and Services, after
/// staging/src/k8s.io/endpointslice/util/controller_utils.go and staging/src/k8s.io/endpointslice/utils.go.
/// </summary>
internal static class PodEndpointRules
{
    /// <summary>The Ready condition is True (podutil.IsPodReady).</summary>
    public static bool IsReady(JsonObject pod) => ReadyCondition(pod)?["status"]?.GetValue<string>() == "True";

    /// <summary>When the Ready condition last changed: the pod's trigger time for the last-change-trigger-time annotation.</summary>
    public static DateTimeOffset? ReadyTransitionTime(JsonObject pod) => Time(ReadyCondition(pod)?["lastTransitionTime"]);

    /// <summary>
    /// ShouldPodBeInEndpoints: never a terminal pod (Succeeded/Failed) or one without an IP; a terminating pod only
    /// when <paramref name="includeTerminating"/> (the Endpoints controller passes publishNotReadyAddresses, the
    /// EndpointSlice controller true).
    /// </summary>
    public static bool ShouldBeInEndpoints(JsonObject pod, bool includeTerminating) =>
        Str(pod["status"]?["phase"]) is not ("Succeeded" or "Failed")
        && PodIps(pod).Count > 0
        && (includeTerminating || !Meta.IsDeleting(pod));

    /// <summary>status.podIPs, or status.podIP when podIPs is empty (the v1 conversion fills one from the other).</summary>
    public static List<string> PodIps(JsonObject pod)
    {
        var ips = (pod["status"]?["podIPs"] as JsonArray ?? []).Select(p => Str(p?["ip"])).Where(ip => ip.Length > 0).ToList();
        if (ips.Count == 0 && Str(pod["status"]?["podIP"]) is { Length: > 0 } single)
        {
            ips.Add(single);
        }
        return ips;
    }

    public static bool IsIPv6(string ip) => IPAddress.TryParse(ip, out var a) && a.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The IP in its canonical text (utilnet.ParseIPSloppy then String()), or null when it is no IP.</summary>
    public static string? Canonical(string ip) => IPAddress.TryParse(ip, out var a) ? a.ToString() : null;

    /// <summary>spec.selector, or null when the Service selects nothing (no selector, or an empty one, which storage drops).</summary>
    public static Dictionary<string, string>? Selector(JsonObject? service) =>
        service?["spec"]?["selector"] is JsonObject { Count: > 0 } s ? s.ToDictionary(kv => kv.Key, kv => Str(kv.Value), StringComparer.Ordinal) : null;

    public static bool Matches(IReadOnlyDictionary<string, string> selector, JsonObject? pod)
    {
        var labels = pod is null ? null : Meta.Of(pod)["labels"] as JsonObject;
        return labels is not null && selector.All(kv => labels[kv.Key] is JsonValue v && v.TryGetValue(out string? s) && s == kv.Value);
    }

    /// <summary>helper.IsServiceIPSet: a clusterIP that is neither empty nor None.</summary>
    public static bool IsServiceIpSet(JsonObject service) => ClusterIp(service) is { Length: > 0 } ip && ip != "None";

    public static string ClusterIp(JsonObject service) => Str(service["spec"]?["clusterIP"]);

    /// <summary>spec.ports with the apiserver's port defaults.</summary>
    public static List<ServicePort> Ports(JsonObject service) =>
        (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
        {
            var port = (long)(Meta.Number(p["port"]) ?? 0);
            var target = p["targetPort"] switch
            {
                JsonValue v when v.TryGetValue(out string? name) && name.Length > 0 => (JsonNode)name,
                JsonValue v when Meta.Number(v) is { } n && n > 0 => (JsonNode)(long)n,
                _ => (JsonNode)port,
            };
            return new ServicePort(Str(p["name"]), port, Protocol(p), target, p["appProtocol"] is JsonValue ap ? Str(ap) : null);
        }).ToList();

    /// <summary>
    /// FindPort: a numbered targetPort as is; a named one is the containerPort of that name and protocol in the
    /// pod's containers, then its sidecars (init containers with restartPolicy Always); null when the pod lacks it.
    /// </summary>
    public static long? FindPort(JsonObject pod, ServicePort port)
    {
        if (port.TargetPort is JsonValue v && !v.TryGetValue(out string? _))
        {
            return (long)(Meta.Number(v) ?? 0);
        }
        var name = Str(port.TargetPort);
        var spec = pod["spec"];
        var containers = (spec?["containers"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat((spec?["initContainers"] as JsonArray ?? []).OfType<JsonObject>().Where(c => Str(c["restartPolicy"]) == "Always"));
        foreach (var c in containers)
        {
            foreach (var cp in (c["ports"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Str(cp["name"]) == name && Protocol(cp) == port.Protocol)
                {
                    return (long)(Meta.Number(cp["containerPort"]) ?? 0);
                }
            }
        }
        return null;
    }

    /// <summary>ShouldSetHostname: the pod names a hostname and its subdomain is this Service, in the same namespace.</summary>
    public static string? Hostname(JsonObject pod, JsonObject service) =>
        Str(pod["spec"]?["hostname"]) is { Length: > 0 } host && Str(pod["spec"]?["subdomain"]) == Meta.Name(service)
            && Meta.Str(pod, "namespace") == Meta.Str(service, "namespace") ? host : null;

    /// <summary>The Pod reference an address or endpoint carries (kind, namespace, name, uid).</summary>
    public static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod", ["namespace"] = Meta.Str(pod, "namespace"), ["name"] = Meta.Name(pod), ["uid"] = Meta.Uid(pod),
    };

    public static string Str(JsonNode? n) => n is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    public static DateTimeOffset? Time(JsonNode? n) =>
        DateTimeOffset.TryParse(Str(n), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string Protocol(JsonObject port) => Str(port["protocol"]) is { Length: > 0 } p ? p : "TCP";

    private static JsonObject? ReadyCondition(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == "Ready");
}
