using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// What only a Pod gets, on top of <see cref="PodSpecDefaults"/>:
/// SetDefaults_Pod (pkg/apis/core/v1/defaults.go: requests default to limits per container, enableServiceLinks
/// true, host-network ports get hostPort = containerPort), podStrategy.PrepareForCreate
/// (pkg/registry/core/pod/strategy.go: status is replaced by phase Pending and the computed qosClass; 1.32 sets no
/// metadata.generation on pods), podStatusStrategy.PrepareForUpdate (a status write without qosClass keeps the old
/// one), and of the default admission plugins only ServiceAccount's serviceAccountName "default". The other
/// admission mutations of a real cluster (the kube-api-access token volume and its mounts, priority 0 with
/// preemptionPolicy, the 300 s not-ready/unreachable tolerations) are not applied.
/// </summary>
internal static class PodDefaults
{
    public static void Apply(ResourceType t, JsonObject pod)
    {
        var spec = JsonFields.Ensure(pod, "spec");
        foreach (var container in JsonFields.Items(spec, "containers").Concat(JsonFields.Items(spec, "initContainers")))
        {
            RequestsFromLimits(container);
        }
        JsonFields.Default(spec, "enableServiceLinks", true);
        if (spec["hostNetwork"] is JsonValue hostNetwork && hostNetwork.TryGetValue(out bool on) && on)
        {
            foreach (var port in JsonFields.Items(spec, "containers").Concat(JsonFields.Items(spec, "initContainers")).SelectMany(c => JsonFields.Items(c, "ports")))
            {
                JsonFields.DefaultNonZero(port, "hostPort", (long)(Meta.Number(port["containerPort"]) ?? 0));
            }
        }
        PodSpecDefaults.Apply(t, spec);
    }

    /// <summary>PrepareForCreate and the ServiceAccount admission plugin.</summary>
    public static void Created(ResourceType t, JsonObject pod, bool keepStatus)
    {
        var spec = JsonFields.Ensure(pod, "spec");
        JsonFields.Default(spec, "serviceAccountName", "default");
        PodSpecDefaults.MirrorServiceAccount(spec);
        if (!keepStatus)
        {
            pod["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQos.Of(t, spec) };
        }
    }

    public static void StatusWritten(JsonObject pod, JsonObject old)
    {
        var status = JsonFields.Ensure(pod, "status");
        if (JsonFields.IsUnset(status, "qosClass") && JsonFields.Object(old, "status")?["qosClass"] is { } qos)
        {
            status["qosClass"] = qos.DeepClone();
        }
    }

    private static void RequestsFromLimits(JsonObject container)
    {
        if (JsonFields.Object(container, "resources") is not { } resources || JsonFields.Object(resources, "limits") is not { Count: > 0 } limits)
        {
            return;
        }
        var requests = JsonFields.Ensure(resources, "requests");
        foreach (var (name, value) in limits)
        {
            if (!requests.ContainsKey(name))
            {
                requests[name] = value?.DeepClone();
            }
        }
    }
}
