namespace Sluice.Core.Rollout;

/// <summary>
/// The replica split of a basic canary (no traffic router: the model Service selects both versions, so the
/// traffic share is the share of Ready pods). It follows Argo Rollouts' choice of the count closest to the asked
/// weight (utils/replicaset/canary.go): the floor and ceiling of <c>N·w/100</c> canaries out of <c>N</c>, and with a
/// surge pod allowed, out of <c>N+1</c> too; the larger count wins a tie; a weight strictly between 0 and 100 never
/// leaves the canary without a pod once two pods are possible. Where Argo finds no candidate ("should not get here":
/// N=2 w=75, N=5 w=90, N=10 w=95) this returns <c>N−1</c> canaries and 1 stable pod rather than no canary at all.
/// </summary>
public static class CanaryReplicas
{
    public static ReplicaSplit Split(int replicas, int weight, bool surge)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weight, 100);
        if (replicas == 0)
        {
            return new ReplicaSplit(0, 0);
        }

        var scaled = replicas * weight;
        var floor = scaled / 100;
        var ceiling = (scaled + 99) / 100;
        var zeroAllowed = weight is 0 or 100 || (replicas == 1 && !surge);
        var candidates = new List<(int Canary, int Total)>();
        if (ceiling < replicas || zeroAllowed)
        {
            candidates.Add((ceiling, replicas));
        }

        if (!Tied(replicas, weight) && (floor != 0 || zeroAllowed))
        {
            candidates.Add((floor, replicas));
        }

        if (surge)
        {
            candidates.Add((ceiling, replicas + 1));
            if (!Tied(replicas + 1, weight) && (floor != 0 || zeroAllowed))
            {
                candidates.Add((floor, replicas + 1));
            }
        }

        if (candidates.Count == 0)
        {
            return new ReplicaSplit(replicas - 1, 1);
        }

        var best = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            // Strictly closer only: the earlier candidate (the ceiling, then no surge) wins a tie.
            if (Distance(candidate, weight) < Distance(best, weight))
            {
                best = candidate;
            }
        }

        return new ReplicaSplit(best.Canary, best.Total - best.Canary);
    }

    /// <summary>The traffic share, in percent, that Ready pods give the canary behind one Service; null when no pod is Ready.</summary>
    public static decimal? EffectiveWeight(int readyCanary, int readyStable)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(readyCanary);
        ArgumentOutOfRangeException.ThrowIfNegative(readyStable);
        var total = readyCanary + readyStable;
        return total == 0 ? null : Math.Round(100m * readyCanary / total, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether N·w/100 lies exactly halfway between two whole numbers, so floor and ceiling are equally far.</summary>
    private static bool Tied(int total, int weight) => total * weight % 100 == 50;

    private static decimal Distance((int Canary, int Total) candidate, int weight) =>
        Math.Abs(100m * candidate.Canary / candidate.Total - weight);
}
