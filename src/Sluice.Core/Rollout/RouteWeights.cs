using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// The weights Sluice writes on a model's HTTPRoute backends, with no I/O: the Stable version gets what the canary
/// does not; a rule's other backends are never touched; a backend of the model that still has weight is set to 0
/// rather than dropped (the gateway answers 500 for a missing backend it still routes to), and only a backend whose 0
/// the gateways have accepted is dropped (until then a gateway may still route to it by an older generation, and
/// its pods are held for that); and weights that would all be zero are never written.
/// </summary>
public static class RouteWeights
{
    /// <summary>The model's backends and their weights from the pass's plans: the canary's weight and the rest to Stable.</summary>
    public static IReadOnlyDictionary<string, int> Desired(IEnumerable<VersionPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var list = plans.ToList();
        var stable = list.FirstOrDefault(p => p.Role == ModelRole.Stable && p.Phase == ModelVersionPhase.Serving);
        var canary = list.FirstOrDefault(p => p.Role == ModelRole.Canary);
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);
        var canaryWeight = canary is null ? 0 : Math.Clamp(canary.RouteWeight ?? canary.Weight ?? 0, 0, 100);
        if (stable is null)
        {
            return weights;
        }

        weights[stable.Name] = 100 - canaryWeight;
        if (canary is not null)
        {
            weights[canary.Name] = canaryWeight;
        }

        return weights;
    }

    /// <summary>
    /// The model's backends of one rule after the write, in the live order with new ones last; null when the rule
    /// should stay as it is (nothing to serve yet, which would mean all zero).
    /// </summary>
    /// <param name="accepted">Whether the gateways accepted the route as it is live.</param>
    public static IReadOnlyList<(string Version, int Weight)>? Rule(IReadOnlyList<(string Version, int Weight)> live, IReadOnlyDictionary<string, int> desired, bool accepted)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Values.Sum() == 0)
        {
            return null;
        }

        var result = new List<(string Version, int Weight)>();
        foreach (var (version, weight) in live)
        {
            if (desired.TryGetValue(version, out var wanted))
            {
                result.Add((version, wanted));
            }
            else if (weight > 0 || !accepted)
            {
                result.Add((version, 0));
            }
        }

        result.AddRange(desired.Where(d => !live.Any(l => l.Version == d.Key)).Select(d => (d.Key, d.Value)));
        // One entry per version: a route listing a version twice keeps the first, with the weight it should have.
        return [.. result.GroupBy(r => r.Version, StringComparer.Ordinal).Select(g => g.First())];
    }
}
