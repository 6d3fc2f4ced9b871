using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Selection;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// kube-controller-manager's disruption controller, simplified: keeps each PodDisruptionBudget's status (expected,
/// healthy and desired pods, disruptionsAllowed, the DisruptionAllowed condition) in step with the ready pods its
/// selector matches. Expected pods are the matching pods (the real one asks their controllers for their scale).
/// </summary>
internal sealed class DisruptionController(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private readonly Lock gate = new();

    // Namespaces holding PDBs, so a pod event elsewhere costs nothing: listing means scanning the whole store,
    // and at thousands of pods that scan per pod event made the server quadratic.
    private readonly Dictionary<string, int> pdbsPerNamespace = new(StringComparer.Ordinal);

    public void OnChanged(WatchEvent e)
    {
        var isPdb = e.Resource.StorageKey == "policy/poddisruptionbudgets";
        if (!isPdb && e.Resource.StorageKey != "/pods")
        {
            return;
        }
        lock (gate)
        {
            if (isPdb)
            {
                var delta = e.Type switch { "ADDED" => 1, "DELETED" => -1, _ => 0 };
                pdbsPerNamespace[e.Namespace] = pdbsPerNamespace.GetValueOrDefault(e.Namespace) + delta;
            }
            else if (pdbsPerNamespace.GetValueOrDefault(e.Namespace) <= 0)
            {
                return;
            }

            var pdbs = registry.Find("policy", "v1", "poddisruptionbudgets")!;
            var targets = isPdb
                ? e.Type == "DELETED" ? [] : [e.Object]
                : store.List(pdbs, e.Namespace).Items;
            foreach (var pdb in targets.Where(p => !Meta.IsDeleting(p)))
            {
                try
                {
                    Reconcile(pdbs, e.Namespace, Meta.Name(pdb));
                }
                catch (ApiException)
                {
                    // Deleted meanwhile, or a selector the API would have refused: nothing to report.
                }
            }
        }
    }

    private void Reconcile(ResourceType pdbs, string ns, string name)
    {
        var pdb = store.Get(pdbs, ns, name) ?? throw ApiException.NotFound("poddisruptionbudgets", "policy", name);
        var spec = pdb["spec"] as JsonObject ?? [];
        var selector = LabelSelector.Parse(LabelSelectorText.Of(spec["selector"] as JsonObject));
        var pods = store.List(registry.Find("", "v1", "pods")!, ns).Items.Where(p => !Meta.IsDeleting(p) && selector.Matches(p)).ToList();
        var expected = pods.Count;
        var healthy = pods.Count(IsReady);
        var desired = spec["minAvailable"] is { } min ? Scaled(min, expected)
            : spec["maxUnavailable"] is { } max ? Math.Max(0, expected - Scaled(max, expected))
            : 0;
        var allowed = Math.Max(0, healthy - desired);
        var generation = (long)(Meta.Number(Meta.Of(pdb)["generation"]) ?? 1);
        var (status, reason) = allowed > 0 ? ("True", "SufficientPods") : ("False", "InsufficientPods");
        var previous = (pdb["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "DisruptionAllowed");
        var since = previous?["status"]?.GetValue<string>() == status ? previous["lastTransitionTime"]?.DeepClone() : Meta.Timestamp(time.GetUtcNow());
        store.Mutate(pdbs, ns, name, p =>
        {
            p["status"] = new JsonObject
            {
                ["observedGeneration"] = generation, ["expectedPods"] = expected, ["currentHealthy"] = healthy,
                ["desiredHealthy"] = desired, ["disruptionsAllowed"] = allowed,
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "DisruptionAllowed", ["status"] = status, ["reason"] = reason, ["message"] = "",
                    ["observedGeneration"] = generation, ["lastTransitionTime"] = since,
                }),
            };
            return p;
        }, WriteScope.Status);
    }

    private static bool IsReady(JsonObject pod) =>
        pod["status"]?["phase"]?.GetValue<string>() == "Running"
        && (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    /// <summary>An int-or-percent of the expected pods, rounded up as the disruption controller rounds it.</summary>
    private static int Scaled(JsonNode value, int expected)
    {
        var text = value.ToString();
        return text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? (int)Math.Ceiling(percent * expected / 100.0)
            : (int?)Meta.Number(value) ?? (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
    }
}
