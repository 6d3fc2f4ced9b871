using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Controllers;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// Where a services/NAME/proxy or pods/NAME/proxy request goes: kube-apiserver's ResourceLocation of the Service
/// (pkg/registry/core/service/storage/storage.go) and of the Pod (pkg/registry/core/pod/strategy.go), with the same
/// errors. The id is "name", "name:port" or "scheme:name:port" (apimachinery util/net SplitSchemeNamePort).
/// </summary>
internal sealed class ProxyTargets(ObjectStore store, ResourceRegistry registry)
{
    private ResourceType Pods => registry.Find("", "v1", "pods")!;

    /// <summary>
    /// A random ready address of the Service's Endpoints, for the Service port named (or numbered) in the id; an
    /// unnamed port when the id names none. A number is first mapped to that Service port's name.
    /// </summary>
    public ProxyTarget Service(string ns, string id)
    {
        if (!TrySplit(id, out var scheme, out var name, out var portName))
        {
            throw ApiException.BadRequest($"invalid service request \"{id}\"");
        }
        if (long.TryParse(portName, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            var service = store.Get(registry.Find("", "v1", "services")!, ns, name) ?? throw ApiException.NotFound("services", "", name);
            portName = PodEndpointRules.Ports(service).FirstOrDefault(p => p.Port == number)?.Name
                ?? throw new ApiException(503, "ServiceUnavailable", $"no service port {number} found for service \"{name}\"");
        }
        var endpoints = store.Get(registry.Find("", "v1", "endpoints")!, ns, name) ?? throw ApiException.NotFound("endpoints", "", name);
        var subsets = (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (subsets.Count == 0)
        {
            throw NoEndpoints(name);
        }
        var subsetSeed = Random.Shared.Next(subsets.Count);
        for (var i = 0; i < subsets.Count; i++)
        {
            var subset = subsets[(subsetSeed + i) % subsets.Count];
            var addresses = (subset["addresses"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (addresses.Count == 0)
            {
                continue;
            }
            foreach (var port in (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => PodEndpointRules.Str(p["name"]) == portName))
            {
                var addressSeed = Random.Shared.Next(addresses.Count);
                for (var attempt = 0; attempt < addresses.Count; attempt++)
                {
                    var address = addresses[(addressSeed + attempt) % addresses.Count];
                    if (IsValidAddress(ns, address))
                    {
                        return new ProxyTarget(scheme, HostPort(PodEndpointRules.Str(address["ip"]), (long)(Meta.Number(port["port"]) ?? 0)));
                    }
                }
            }
        }
        throw NoEndpoints(id);
    }

    /// <summary>The pod's first IP, on the port of the id or else the first container port (none: the scheme's default).</summary>
    public ProxyTarget Pod(string ns, string id)
    {
        if (!TrySplit(id, out var scheme, out var name, out var port))
        {
            throw ApiException.BadRequest($"invalid pod request \"{id}\"");
        }
        var pod = store.Get(Pods, ns, name) ?? throw ApiException.NotFound("pods", "", name);
        if (port.Length == 0)
        {
            port = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => (c["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault())
                .OfType<JsonObject>().Select(p => p["containerPort"]?.ToJsonString()).FirstOrDefault() ?? "";
        }
        var ip = PodEndpointRules.PodIps(pod).FirstOrDefault() ?? "";
        if (!IPAddress.TryParse(ip, out var address) || !Allowed(address))
        {
            throw ApiException.BadRequest("address not allowed");
        }
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip;
        return new ProxyTarget(scheme, port.Length == 0 ? host : $"{host}:{port}");
    }

    /// <summary>SplitSchemeNamePort: one to three colon-separated parts, a non-empty name, scheme http, https or none.</summary>
    public static bool TrySplit(string id, out string scheme, out string name, out string port)
    {
        var parts = id.Split(':');
        (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https";
    }

    /// <summary>isValidAddress: the address points at a pod of this namespace that still has that IP.</summary>
    private bool IsValidAddress(string ns, JsonObject address)
    {
        var target = address["targetRef"];
        if (target is null || PodEndpointRules.Str(target["namespace"]) != ns)
        {
            return false;
        }
        var pod = store.Get(Pods, ns, PodEndpointRules.Str(target["name"]));
        return pod is not null && PodEndpointRules.PodIps(pod).Contains(PodEndpointRules.Str(address["ip"]));
    }

    /// <summary>
    /// kube allows only global unicast pod IPs ("address not allowed" otherwise). Pods of this server live on
    /// 127.0.0.0/8, so loopback is allowed too; unspecified, multicast, link-local and broadcast addresses are not.
    /// </summary>
    private static bool Allowed(IPAddress a)
    {
        if (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.Broadcast) || a.IsIPv6Multicast || a.IsIPv6LinkLocal)
        {
            return false;
        }
        var bytes = a.GetAddressBytes();
        return a.AddressFamily != AddressFamily.InterNetwork || (bytes[0] < 224 && !(bytes[0] == 169 && bytes[1] == 254));
    }

    private static string HostPort(string ip, long port) =>
        PodEndpointRules.IsIPv6(ip) ? $"[{ip}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{ip}:{port.ToString(CultureInfo.InvariantCulture)}";

    private static ApiException NoEndpoints(string name) => new(503, "ServiceUnavailable", $"no endpoints available for service \"{name}\"");
}
