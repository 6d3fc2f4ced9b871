using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Controllers;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// The ENDPOINTS and PORTS cells of `kubectl get endpoints|endpointslices`, as pkg/printers/internalversion/
/// printers.go formats them: at most three entries, then "+ N more...".
/// </summary>
internal static class EndpointCells
{
    private const int Max = 3;

    /// <summary>formatEndpoints: ready addresses as ip:port per port (bare ips for a subset without ports); "&lt;none&gt;" without subsets.</summary>
    public static string Endpoints(JsonObject endpoints)
    {
        var subsets = (endpoints["subsets"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (subsets.Count == 0)
        {
            return "<none>";
        }
        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var ips = (subset["addresses"] as JsonArray ?? []).Select(a => PodEndpointRules.Str(a?["ip"])).ToList();
            var ports = (subset["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (ports.Count == 0)
            {
                count += ips.Count;
                list.AddRange(ips.Take(Max - list.Count));
                continue;
            }
            foreach (var port in ports)
            {
                var number = ((long)(Meta.Number(port["port"]) ?? 0)).ToString(CultureInfo.InvariantCulture);
                count += ips.Count;
                list.AddRange(ips.Take(Max - list.Count).Select(ip => PodEndpointRules.IsIPv6(ip) ? $"[{ip}]:{number}" : $"{ip}:{number}"));
            }
        }
        var text = string.Join(",", list);
        return count > Max ? $"{text} + {count - Max} more..." : text;
    }

    /// <summary>formatDiscoveryPorts: port numbers (the name when there is no number, * when neither).</summary>
    public static string SlicePorts(JsonObject slice) => WithMore((slice["ports"] as JsonArray ?? []).OfType<JsonObject>()
        .Select(p => p["port"] is JsonValue n ? n.ToJsonString() : p["name"] is JsonValue name ? PodEndpointRules.Str(name) : "*").ToList());

    /// <summary>formatDiscoveryEndpoints: every address of every endpoint.</summary>
    public static string SliceEndpoints(JsonObject slice) => WithMore((slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>()
        .SelectMany(e => (e["addresses"] as JsonArray ?? []).Select(PodEndpointRules.Str)).ToList());

    /// <summary>listWithMoreString: "&lt;unset&gt;" for an empty list.</summary>
    private static string WithMore(List<string> all)
    {
        var text = string.Join(",", all.Take(Max));
        return all.Count > Max ? $"{text} + {all.Count - Max} more..." : text.Length == 0 ? "<unset>" : text;
    }
}
