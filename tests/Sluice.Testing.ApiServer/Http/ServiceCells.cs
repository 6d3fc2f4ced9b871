using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>The computed Service columns of kubectl's printer (pkg/printers/internalversion/printers.go printService).</summary>
internal static class ServiceCells
{
    public static string Cell(JsonObject service, string path)
    {
        var spec = service["spec"];
        return path switch
        {
            "$externalIp" => ExternalIp(service),
            "$servicePorts" => Joined((spec?["ports"] as JsonArray ?? []).OfType<JsonObject>().Select(p =>
                Meta.Number(p["nodePort"]) is { } node
                    ? $"{Meta.Number(p["port"])}:{node}/{p["protocol"]?.GetValue<string>() ?? "TCP"}"
                    : $"{Meta.Number(p["port"])}/{p["protocol"]?.GetValue<string>() ?? "TCP"}")),
            _ => Joined((spec?["selector"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value?.GetValue<string>()}")),
        };
    }

    private static string ExternalIp(JsonObject service)
    {
        var spec = service["spec"];
        var external = (spec?["externalIPs"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
        switch (spec?["type"]?.GetValue<string>() ?? "ClusterIP")
        {
            case "ExternalName":
                return spec?["externalName"]?.GetValue<string>() ?? "<none>";
            case "LoadBalancer":
                var ingress = (service["status"]?["loadBalancer"]?["ingress"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(i => i["ip"]?.GetValue<string>() ?? i["hostname"]?.GetValue<string>() ?? "");
                var all = ingress.Concat(external).Where(a => a.Length > 0).ToList();
                return all.Count > 0 ? string.Join(',', all) : "<pending>";
            default:
                return Joined(external);
        }
    }

    private static string Joined(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "<none>" : string.Join(',', list);
    }
}
