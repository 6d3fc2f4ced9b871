namespace Sluice.Core.Rollout;

/// <summary>
/// Whether the gateways serve an HTTPRoute's current spec, as Flagger checks before it moves on: every parent in the
/// route's status has <c>Accepted=True</c> at an <c>observedGeneration</c> at least the route's generation. A route no
/// gateway has reported on is not accepted (its weights may not be served by anyone yet).
/// </summary>
public static class RouteAcceptance
{
    public static (bool Accepted, string Message) Of(string route, long generation, IReadOnlyList<RouteParent> parents)
    {
        ArgumentNullException.ThrowIfNull(parents);
        if (parents.Count == 0)
        {
            return (false, $"HTTPRoute {route}: no gateway has accepted generation {generation} yet (status.parents is empty)");
        }

        var waiting = parents.Where(p => p.Status != "True" || (p.ObservedGeneration ?? 0) < generation).ToList();
        if (waiting.Count == 0)
        {
            return (true, $"HTTPRoute {route} generation {generation} accepted by {string.Join(", ", parents.Select(p => p.Name))}");
        }

        return (false, $"HTTPRoute {route}: " + string.Join("; ", waiting.Select(p => (p.ObservedGeneration ?? 0) < generation
            ? $"{p.Name} has not seen generation {generation} yet (observed {p.ObservedGeneration?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"
            : $"{p.Name} did not accept it (Accepted={p.Status ?? "Unknown"}{(p.Reason is { Length: > 0 } r ? $", {r}" : "")}{(p.Message is { Length: > 0 } m ? $": {m}" : "")})")));
    }
}
