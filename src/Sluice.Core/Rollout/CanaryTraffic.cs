namespace Sluice.Core.Rollout;

/// <summary>
/// How a canary's traffic share is made, one of two ways. Without a route, the model's Service selects both
/// versions' pods, so the share is the share of Ready pods (Argo's basic canary, one surge pod). With a Gateway API
/// route, the route's weights make the share: the Stable version keeps all its pods, the canary runs the pods its
/// share needs (at least one, for analysis), and a weight counts as reached only once the gateways accepted it.
/// </summary>
public sealed record CanaryTraffic(RouteView? Route)
{
    /// <summary>The pods of each version at a weight.</summary>
    public ReplicaSplit Split(int replicas, int weight) => Route is null
        ? CanaryReplicas.Split(replicas, weight, surge: true)
        : new ReplicaSplit(weight >= 100 ? replicas : Math.Max(1, (int)Math.Ceiling(replicas * weight / 100.0)), replicas);

    /// <summary>Whether the traffic is at the weight: the pods of the split are Ready and, with a route, the gateways serve the weight.</summary>
    public bool Reached(ServedVersion canary, ServedVersion stable, int weight)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(stable);
        var split = Split(canary.Replicas, weight);
        return Route is null
            ? canary.ReadyReplicas == split.Canary && stable.ReadyReplicas == split.Stable
            : (canary.ReadyReplicas ?? 0) >= split.Canary && Route.Serves(canary.Name, weight);
    }

    /// <summary>The share the canary gets now: from Ready pods, or the route's weights once accepted.</summary>
    public decimal? Effective(ServedVersion canary, ServedVersion stable)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(stable);
        return Route is null
            ? CanaryReplicas.EffectiveWeight(canary.ReadyReplicas ?? 0, stable.ReadyReplicas ?? 0)
            : Route.Accepted ? Route.Share(canary.Name) ?? 0 : null;
    }

    /// <summary>
    /// The Stable version's pods during a step: with a route all of them; by pods, the split's, but it gives up a pod
    /// only once a canary pod is Ready to take its share, so capacity never dips.
    /// </summary>
    public int StableDuringStep(ServedVersion canary, ServedVersion stable, ReplicaSplit split)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(stable);
        ArgumentNullException.ThrowIfNull(split);
        return Route is null
            ? Math.Max(split.Stable, Math.Min(stable.ReadyReplicas ?? 0, canary.Replicas - (canary.ReadyReplicas ?? 0)))
            : stable.Replicas;
    }

    /// <summary>Whether a promoted canary can become Stable: all its pods Ready and, with a route, all traffic on it.</summary>
    public bool Promotable(ServedVersion canary)
    {
        ArgumentNullException.ThrowIfNull(canary);
        return (canary.ReadyReplicas ?? 0) >= canary.Replicas && (Route is null || Route.Serves(canary.Name, 100));
    }

    /// <summary>
    /// The route weight of a promoted canary whose pods are still coming up: the last step's, until all are Ready, so
    /// the route never sends all traffic to pods that are not there yet. Null without a route.
    /// </summary>
    public int? PromotingRouteWeight(ServedVersion canary, int lastStepWeight)
    {
        ArgumentNullException.ThrowIfNull(canary);
        return Route is null ? null : (canary.ReadyReplicas ?? 0) >= canary.Replicas ? 100 : lastStepWeight;
    }

    /// <summary>
    /// The canary's weight on the route during a step: the step's once the pods of its split are Ready; before that
    /// no more than the route gives it now, so the route never sends a share to pods that are not there yet.
    /// </summary>
    public int? StepRouteWeight(ServedVersion canary, int weight, ReplicaSplit split)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(split);
        return Route is null ? null
            : (canary.ReadyReplicas ?? 0) >= split.Canary ? weight
            : Math.Min(weight, (int)Math.Floor(Route.Share(canary.Name) ?? 0));
    }

    /// <summary>The TrafficSplit condition: how near the pods come to the asked weight, or whether the gateways serve it.</summary>
    public PlanCondition Accuracy(string canary, int asked, ReplicaSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (Route is { } route)
        {
            return route.Condition(canary, asked);
        }

        var pods = $"{split.Canary} canary and {split.Stable} stable pod{(split.Stable == 1 ? "" : "s")} give {split.Weight}%";
        return Math.Abs(split.Weight - asked) > CanaryRollout.SplitTolerance
            ? new PlanCondition(false, "WeightNotAchievable", $"asked {asked}%, but {pods}: more replicas (spec.serving.replicas) or trafficRouting give finer steps")
            : new PlanCondition(true, "WeightAchievable", $"asked {asked}%: {pods}");
    }
}
