using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// status.qosClass as kube-apiserver computes it at creation (GetPodQOS, pkg/apis/core/v1/helper/qos/qos.go):
/// BestEffort when no container of the pod (init containers included) requests or limits cpu or memory;
/// Guaranteed when every container limits both and the summed requests equal the summed limits; else Burstable.
/// Only positive cpu and memory quantities count.
/// </summary>
internal static class PodQos
{
    private static readonly string[] Compute = ["cpu", "memory"];

    public static string Of(ResourceType t, JsonObject spec)
    {
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var container in JsonFields.Items(spec, "containers").Concat(JsonFields.Items(spec, "initContainers")))
        {
            var resources = JsonFields.Object(container, "resources");
            Sum(t, JsonFields.Object(resources, "requests"), requests);
            var found = Sum(t, JsonFields.Object(resources, "limits"), limits);
            if (!Compute.All(found.Contains))
            {
                guaranteed = false;
            }
        }
        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }
        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit.CompareTo(r.Value) == 0)
            && requests.Count == limits.Count)
        {
            return "Guaranteed";
        }
        return "Burstable";
    }

    /// <summary>Adds the positive cpu and memory quantities of one list to the totals; returns the names it found.</summary>
    private static HashSet<string> Sum(ResourceType t, JsonObject? list, Dictionary<string, Quantity> totals)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in list ?? [])
        {
            if (!Compute.Contains(name))
            {
                continue;
            }
            var quantity = ResourceLists.Parse(t, value, out _);
            if (quantity.Mantissa.Sign <= 0)
            {
                continue;
            }
            found.Add(name);
            totals[name] = totals.TryGetValue(name, out var sum) ? sum.Add(quantity) : quantity;
        }
        return found;
    }
}
