using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// SetDefaults_Service (pkg/apis/core/v1/defaults.go): sessionAffinity None (ClientIP gets a 10800 s timeout),
/// type ClusterIP, port protocol TCP, targetPort = port when unset, externalTrafficPolicy Cluster for externally
/// reachable Services, internalTrafficPolicy Cluster (not for ExternalName), allocateLoadBalancerNodePorts for
/// LoadBalancers.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(JsonObject service)
    {
        var spec = JsonFields.Ensure(service, "spec");
        JsonFields.Default(spec, "sessionAffinity", "None");
        var affinity = JsonFields.Str(spec, "sessionAffinity");
        var timeout = JsonFields.Object(JsonFields.Object(spec, "sessionAffinityConfig"), "clientIP")?["timeoutSeconds"];
        if (affinity == "None")
        {
            spec.Remove("sessionAffinityConfig");
        }
        else if (affinity == "ClientIP" && timeout is null)
        {
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 10800 } };
        }
        JsonFields.Default(spec, "type", "ClusterIP");
        var type = JsonFields.Str(spec, "type");
        foreach (var port in JsonFields.Items(spec, "ports"))
        {
            JsonFields.Default(port, "protocol", "TCP");
            if (JsonFields.IsUnset(port, "targetPort") || Meta.Number(port["targetPort"]) == 0)
            {
                port["targetPort"] = port["port"]?.DeepClone();
            }
        }
        var externallyReachable = type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && JsonFields.Strings(spec, "externalIPs").Count > 0);
        if (externallyReachable)
        {
            JsonFields.Default(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            JsonFields.Default(spec, "internalTrafficPolicy", "Cluster");
        }
        else
        {
            // defaultOnReadInternalTrafficPolicy (pkg/registry/core/service/storage/storage.go) drops it when read.
            spec.Remove("internalTrafficPolicy");
        }
        if (type == "LoadBalancer")
        {
            JsonFields.Default(spec, "allocateLoadBalancerNodePorts", true);
        }
    }
}
