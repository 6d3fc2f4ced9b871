using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The subsets of a Service's v1 Endpoints, as pkg/controller/endpoint/endpoints_controller.go syncService builds
/// them (one address per pod and Service port) and pkg/api/v1/endpoints/util.go RepackSubsets packs them: addresses
/// deduplicated by IP and pod UID, a not-ready state winning over ready for the same port, and addresses that offer
/// the same ports grouped into one subset. Addresses sort by IP then UID as kube does; ports and subsets, which kube
/// orders by a hash of their Go values, sort by name and number here (still a stable, canonical order).
/// </summary>
internal static class EndpointSubsets
{
    /// <summary>Stands for "no ports" (a headless Service without ports), as RepackSubsets' sentinel port -1 does.</summary>
    private const string NoPorts = "";

    public static JsonArray Build(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"] is JsonValue p && p.TryGetValue(out bool b) && b;
        var ports = PodEndpointRules.Ports(service);
        var headless = PodEndpointRules.ClusterIp(service) == "None";
        var addresses = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var portsByKey = new Dictionary<string, JsonObject?>(StringComparer.Ordinal);
        var readyByPort = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!PodEndpointRules.ShouldBeInEndpoints(pod, publishNotReady) || AddressFor(service, pod) is not { } ip)
            {
                continue;
            }
            var addressKey = ip + "/" + Meta.Uid(pod);
            addresses.TryAdd(addressKey, Address(pod, ip, service));
            var ready = publishNotReady || PodEndpointRules.IsReady(pod);
            if (ports.Count == 0)
            {
                if (headless)
                {
                    Map(NoPorts, null, addressKey, ready, portsByKey, readyByPort);
                }
                continue;
            }
            foreach (var sp in ports)
            {
                if (PodEndpointRules.FindPort(pod, sp) is { } number)
                {
                    var port = Port(sp, number);
                    Map(port.ToJsonString(), port, addressKey, ready, portsByKey, readyByPort);
                }
            }
        }
        var subsets = readyByPort
            .GroupBy(kv => string.Join(",", kv.Value.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + "=" + a.Value)), StringComparer.Ordinal)
            .Select(group => Subset(group.First().Value, group.Select(kv => portsByKey[kv.Key]).OfType<JsonObject>(), addresses))
            .OrderBy(s => s["ports"]?.ToJsonString() ?? "", StringComparer.Ordinal)
            .ThenBy(s => s.ToJsonString(), StringComparer.Ordinal);
        return new JsonArray([.. subsets]);
    }

    /// <summary>
    /// podToEndpointAddressForService: the first pod IP of the Service's IP family (spec.ipFamilies[0], else the
    /// family of its clusterIP, else, headless, of the pod's own IP).
    /// </summary>
    private static string? AddressFor(JsonObject service, JsonObject pod)
    {
        var ips = PodEndpointRules.PodIps(pod);
        var families = service["spec"]?["ipFamilies"] as JsonArray ?? [];
        var clusterIp = PodEndpointRules.ClusterIp(service);
        var ipv6 = families.Count > 0
            ? PodEndpointRules.Str(families[0]) == "IPv6"
            : PodEndpointRules.IsServiceIpSet(service) ? PodEndpointRules.IsIPv6(clusterIp) : PodEndpointRules.IsIPv6(ips[0]);
        return ips.FirstOrDefault(ip => PodEndpointRules.IsIPv6(ip) == ipv6);
    }

    private static JsonObject Address(JsonObject pod, string ip, JsonObject service)
    {
        var address = new JsonObject { ["ip"] = ip };
        if (PodEndpointRules.Hostname(pod, service) is { } host)
        {
            address["hostname"] = host;
        }
        if (PodEndpointRules.Str(pod["spec"]?["nodeName"]) is { Length: > 0 } node)
        {
            address["nodeName"] = node;
        }
        address["targetRef"] = PodEndpointRules.TargetRef(pod);
        return address;
    }

    /// <summary>endpointPortFromServicePort: the Service port's name, the pod's port number, protocol and appProtocol.</summary>
    private static JsonObject Port(ServicePort sp, long number)
    {
        var port = new JsonObject();
        if (sp.Name.Length > 0)
        {
            port["name"] = sp.Name;
        }
        port["port"] = number;
        port["protocol"] = sp.Protocol;
        if (sp.AppProtocol is { } app)
        {
            port["appProtocol"] = app;
        }
        return port;
    }

    /// <summary>mapAddressByPort: not ready always trumps ready for the same address and port.</summary>
    private static void Map(string portKey, JsonObject? port, string addressKey, bool ready, Dictionary<string, JsonObject?> portsByKey, Dictionary<string, Dictionary<string, bool>> readyByPort)
    {
        portsByKey.TryAdd(portKey, port);
        if (!readyByPort.TryGetValue(portKey, out var states))
        {
            readyByPort[portKey] = states = new Dictionary<string, bool>(StringComparer.Ordinal);
        }
        if (!states.TryGetValue(addressKey, out var wasReady) || wasReady)
        {
            states[addressKey] = ready;
        }
    }

    private static JsonObject Subset(Dictionary<string, bool> states, IEnumerable<JsonObject> ports, Dictionary<string, JsonObject> addresses)
    {
        var subset = new JsonObject();
        JsonArray Addresses(bool ready) => new([.. states.Where(s => s.Value == ready)
            .OrderBy(s => s.Key[..s.Key.IndexOf('/', StringComparison.Ordinal)], StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (JsonNode?)addresses[s.Key].DeepClone())]);
        if (Addresses(true) is { Count: > 0 } readyAddresses)
        {
            subset["addresses"] = readyAddresses;
        }
        if (Addresses(false) is { Count: > 0 } notReady)
        {
            subset["notReadyAddresses"] = notReady;
        }
        var portList = ports.OrderBy(p => PodEndpointRules.Str(p["name"]), StringComparer.Ordinal).ThenBy(p => Meta.Number(p["port"])).ToList();
        if (portList.Count > 0)
        {
            subset["ports"] = new JsonArray([.. portList.Select(p => (JsonNode?)p.DeepClone())]);
        }
        return subset;
    }
}
