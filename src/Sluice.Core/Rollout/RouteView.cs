namespace Sluice.Core.Rollout;

/// <summary>
/// What a Gateway API HTTPRoute gives a model's versions in a pass: each version's weight among the model's backends
/// (by ModelVersion name), whether every parent Gateway has accepted the route's current generation (so the weights
/// are the ones served), and a message that says which route and, when not accepted, who has not accepted what.
/// </summary>
public sealed record RouteView(string Name, IReadOnlyDictionary<string, int> Weights, bool Accepted, string Message)
{
    public int WeightOf(string version) => Weights.TryGetValue(version, out var weight) ? weight : 0;

    /// <summary>The version's share of the model's traffic on the route, in percent; null when no backend of the model has weight.</summary>
    public decimal? Share(string version)
    {
        var total = Weights.Values.Sum();
        return total == 0 ? null : Math.Round(100m * WeightOf(version) / total, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether the gateways serve exactly this share to the version now.</summary>
    public bool Serves(string version, int percent) => Accepted && Share(version) == percent;

    /// <summary>
    /// Whether a gateway may still send the version requests: the route gives it weight, or it is still listed and
    /// the gateways have not yet accepted the change that took its weight away.
    /// </summary>
    public bool MayRoute(string version) => WeightOf(version) > 0 || (!Accepted && Weights.ContainsKey(version));

    /// <summary>The TrafficSplit condition of a version that should get <paramref name="asked"/> percent on the route.</summary>
    public PlanCondition Condition(string version, int asked)
    {
        if (Weights.Count == 0)
        {
            return new PlanCondition(false, "RouteNotManageable", Message);
        }

        if (!Accepted)
        {
            return new PlanCondition(false, "RouteNotAccepted", $"asked {asked}% for {version}; {Message}");
        }

        return Serves(version, asked)
            ? new PlanCondition(true, "RouteAccepted", $"{Message}: {version} gets {asked}%")
            : new PlanCondition(false, "RouteUpdating", $"asked {asked}% for {version}; HTTPRoute {Name} gives it {Share(version) ?? 0}%");
    }
}
