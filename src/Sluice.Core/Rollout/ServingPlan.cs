using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// Which versions of one model serve, with no I/O. The first version of a model goes straight to Stable once its
/// pods are Ready (nothing served before, as Argo Rollouts does without a stable ReplicaSet). A newer version with
/// strategy Immediate replaces the Stable one once all its pods are Ready, and the old one is Retired (scaled to
/// zero, its ModelVersion kept for lineage). A newer version with strategy Canary waits: the canary steps are
/// not built yet, and it says so. Of several versions waiting, only the newest proceeds; the older ones are
/// superseded.
/// </summary>
public static class ServingPlan
{
    public static IReadOnlyList<VersionPlan> Decide(IReadOnlyList<ServedVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = versions.OrderBy(v => v.Created).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        var stable = ordered.LastOrDefault(v => v.Role == ModelRole.Stable);
        var candidate = ordered.LastOrDefault(v => v.Role is null && (stable is null || v.Created >= stable.Created));
        var plans = new List<VersionPlan>();
        foreach (var version in ordered)
        {
            plans.Add(version switch
            {
                _ when version == candidate => Candidate(version, stable),
                _ when version == stable => Stable(version, candidate),
                _ when version.Role is null && version.Created >= (stable?.Created ?? DateTimeOffset.MinValue) => Retire(version,
                    "Superseded", $"superseded by {candidate!.Name} before it served", true),
                _ when version.Role == ModelRole.Retired => Retire(version, "Retired", "retired: serves nothing (its ModelVersion is kept for lineage)", false),
                _ => Retire(version, "Superseded", $"older than the serving {stable?.Name}; not served", true),
            });
        }

        return plans;
    }

    private static VersionPlan Candidate(ServedVersion version, ServedVersion? stable)
    {
        var ready = version.ReadyReplicas ?? 0;
        if (stable is null || version.Strategy == RolloutStrategy.Immediate)
        {
            if (version.ReadyReplicas is { } r && r >= version.Replicas)
            {
                var why = stable is null
                    ? "the model's first version: straight to Stable, nothing served before"
                    : $"replaced {stable.Name} at once (strategy Immediate)";
                return new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, true, "Promoted",
                    $"serving with {r}/{version.Replicas} pods Ready; {why}", [new RolloutEvent(false, "Promoted", why)]);
            }

            return new VersionPlan(version.Name, version.Replicas, null, ModelVersionPhase.Deploying, false, "Deploying",
                $"{ready}/{version.Replicas} server pods Ready", []);
        }

        return new VersionPlan(version.Name, 0, null, ModelVersionPhase.Pending, false, "CanaryNotAvailable",
            $"{stable.Name} serves; canary rollouts are not built yet, so this version waits: set spec.rollout.strategy Immediate to replace it at once", []);
    }

    private static VersionPlan Stable(ServedVersion version, ServedVersion? candidate)
    {
        if (candidate is { Strategy: RolloutStrategy.Immediate, ReadyReplicas: { } r } && r >= candidate.Replicas)
        {
            return new VersionPlan(version.Name, 0, ModelRole.Retired, ModelVersionPhase.Retired, false, "Retired",
                $"replaced by {candidate.Name}", [new RolloutEvent(false, "Retired", $"replaced by {candidate.Name}")]);
        }

        var ready = version.ReadyReplicas ?? 0;
        return ready >= version.Replicas
            ? new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, true, "Serving", $"serving with {ready}/{version.Replicas} pods Ready", [])
            : new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, false, "Degraded", $"only {ready}/{version.Replicas} server pods Ready", []);
    }

    private static VersionPlan Retire(ServedVersion version, string reason, string message, bool announce) =>
        new(version.Name, 0, ModelRole.Retired, ModelVersionPhase.Retired, false, reason, message,
            announce ? [new RolloutEvent(false, reason, message)] : []);
}
