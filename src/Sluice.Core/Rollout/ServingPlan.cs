using Sluice.Core.Analysis;
using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// Which versions of one model serve, with no I/O. The first version of a model goes straight to Stable once its
/// pods are Ready (nothing served before, as Argo Rollouts does without a stable ReplicaSet). A newer version with
/// strategy Immediate replaces the Stable one once all its pods are Ready; one with strategy Canary walks its steps
/// against the Stable one (<see cref="CanaryRollout"/>). The replaced Stable version is Retired: scaled to zero, its
/// ModelVersion kept for lineage. Of several newer versions only the newest proceeds; the older ones are superseded.
/// A person's promote on a retired version rolls back to it at once, skipping the steps. With a Gateway API route, the
/// canary's share is the route's weight (<see cref="CanaryTraffic"/>) and no version gives up its pods while the route
/// may still send it requests.
/// </summary>
public static class ServingPlan
{
    public static ServingCast Cast(IReadOnlyList<ServedVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = Order(versions);
        // The Stable version promoted last wins, so a rollback to an older version is not undone by creation order.
        var stable = ordered.Where(v => v.Role == ModelRole.Stable).OrderBy(v => v.PromotedAt ?? v.Created).ThenBy(v => v.Created).LastOrDefault();
        var rollback = ordered.LastOrDefault(v => v.Role == ModelRole.Retired && v.Action == RolloutAction.Promote);
        if (rollback is not null)
        {
            return new ServingCast(stable, rollback, true, true);
        }

        var candidate = ordered.LastOrDefault(v => IsCandidate(v) && (stable is null || v.Created >= stable.Created));
        return new ServingCast(stable, candidate, candidate is not null && (stable is null || candidate.Strategy == RolloutStrategy.Immediate), false);
    }

    public static IReadOnlyList<VersionPlan> Decide(IReadOnlyList<ServedVersion> versions, DateTimeOffset now, CheckResult? check = null, RouteView? route = null)
    {
        var cast = Cast(versions);
        var plans = new Dictionary<string, VersionPlan>(StringComparer.Ordinal);
        if (cast is { Candidate: { } canary, Stable: { } stable, Fast: false })
        {
            var (canaryPlan, stablePlan) = CanaryRollout.Plan(canary, stable, now, check, route);
            plans[canary.Name] = canaryPlan;
            plans[stable.Name] = stablePlan;
        }
        else if (cast.Candidate is { } fast)
        {
            plans[fast.Name] = FastCandidate(fast, cast.Stable, cast.Rollback, now);
            if (cast.Stable is { } replaced)
            {
                plans[replaced.Name] = plans[fast.Name].Role == ModelRole.Stable
                    ? new VersionPlan(replaced.Name, 0, ModelRole.Retired, ModelVersionPhase.Retired, false, "Retired", $"replaced by {fast.Name}",
                        [new RolloutEvent(false, "Retired", $"replaced by {fast.Name}")])
                    : Stable(replaced);
            }
        }
        else if (cast.Stable is { } alone)
        {
            plans[alone.Name] = Stable(alone) with { TrafficSplit = route?.Condition(alone.Name, 100) };
        }

        var result = new List<VersionPlan>();
        foreach (var version in Order(versions))
        {
            var plan = plans.TryGetValue(version.Name, out var decided) ? decided : Bystander(version, cast);
            result.Add(HoldForRoute(version, Acknowledge(version, plan, cast), route));
        }

        return result;
    }

    /// <summary>
    /// A version a gateway may still send requests to keeps its Ready pods until the route takes its weight away and
    /// the gateways accept that, so no request reaches a backend with no pods behind it.
    /// </summary>
    private static VersionPlan HoldForRoute(ServedVersion version, VersionPlan plan, RouteView? route) =>
        route is not null && version.ReadyReplicas is { } ready && ready > plan.Replicas && route.MayRoute(version.Name)
            ? plan with { Replicas = ready, Message = $"{plan.Message}; keeps {ready} pod{(ready == 1 ? "" : "s")} until HTTPRoute {route.Name} stops routing to it" }
            : plan;

    private static List<ServedVersion> Order(IReadOnlyList<ServedVersion> versions) =>
        [.. versions.OrderBy(v => v.Created).ThenBy(v => v.Name, StringComparer.Ordinal)];

    private static bool IsCandidate(ServedVersion v) =>
        v.Role is null or ModelRole.Canary || (v.Phase == ModelVersionPhase.Aborted && v.Action == RolloutAction.Retry);

    private static VersionPlan FastCandidate(ServedVersion version, ServedVersion? stable, bool rollback, DateTimeOffset now)
    {
        var ready = version.ReadyReplicas ?? 0;
        if (version.ReadyReplicas is { } r && r >= version.Replicas)
        {
            var why = rollback ? $"rolled back by hand: replaced {stable?.Name ?? "nothing"} at once, skipping the steps"
                : stable is null && version.Role == ModelRole.Canary ? "the Stable version was deleted during the canary: promoted at once"
                : stable is null ? "the model's first version: straight to Stable, nothing served before"
                : $"replaced {stable.Name} at once (strategy Immediate)";
            // Ready as the Stable version keeps it afterwards, so the next pass writes nothing; Progressing says why.
            return new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, true, "Serving",
                $"serving with {r}/{version.Replicas} pods Ready", [new RolloutEvent(false, rollback ? "RolledBack" : "Promoted", why)])
            {
                PromotedAt = now,
                Progressing = new PlanCondition(true, rollback ? "RolledBack" : "RolloutCompleted", why),
                Degraded = new PlanCondition(false, "RolloutCompleted", why),
            };
        }

        return new VersionPlan(version.Name, version.Replicas, rollback ? ModelRole.Retired : null, rollback ? ModelVersionPhase.Deploying : ModelVersionPhase.Deploying, false,
            rollback ? "RollingBack" : "Deploying", $"{ready}/{version.Replicas} server pods Ready{(rollback ? $"; {stable?.Name} serves until they are" : "")}", []);
    }

    private static VersionPlan Stable(ServedVersion version)
    {
        var ready = version.ReadyReplicas ?? 0;
        return ready >= version.Replicas
            ? new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, true, "Serving", $"serving with {ready}/{version.Replicas} pods Ready", [])
            : new VersionPlan(version.Name, version.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, false, "Degraded", $"only {ready}/{version.Replicas} server pods Ready", []);
    }

    /// <summary>A version that plays no part in this pass: superseded, retired, aborted, or an older Stable one.</summary>
    private static VersionPlan Bystander(ServedVersion version, ServingCast cast)
    {
        var newerThanStable = version.Created >= (cast.Stable?.Created ?? DateTimeOffset.MinValue);
        return version switch
        {
            { Phase: ModelVersionPhase.Aborted } => new VersionPlan(version.Name, 0, ModelRole.Retired, ModelVersionPhase.Aborted, false, "RolloutAborted",
                CanaryRollout.AbortedMessage(version.AbortedBecause?.Message ?? "see the Degraded condition"), []) { Weight = 0 },
            { Role: ModelRole.Retired } => Retire(version, version.RetiredBecause?.Reason ?? "Retired",
                version.RetiredBecause?.Message ?? "retired: serves nothing (its ModelVersion is kept for lineage)", false),
            { Role: ModelRole.Stable } => Retire(version, "Retired", $"replaced by {cast.Stable?.Name}", true),
            { Role: null or ModelRole.Canary } when newerThanStable && cast.Candidate is { } newer => Retire(version, "Superseded",
                version.Role == ModelRole.Canary ? $"superseded by {newer.Name} during its canary" : $"superseded by {newer.Name} before it served", true),
            _ => Retire(version, "Superseded", $"older than the serving {cast.Stable?.Name}; not served", true),
        };
    }

    private static VersionPlan Retire(ServedVersion version, string reason, string message, bool announce) =>
        new(version.Name, 0, ModelRole.Retired, ModelVersionPhase.Retired, false, reason, message,
            announce ? [new RolloutEvent(false, reason, message)] : [])
        {
            Weight = version.Role == ModelRole.Canary ? 0 : null,
            Progressing = version.Role == ModelRole.Canary ? new PlanCondition(false, reason, message) : null,
        };

    /// <summary>
    /// Marks a person's action as acted on, or says why it means nothing here. A rollback's promote stays until the
    /// version is Stable, so a restart in between still finishes it.
    /// </summary>
    private static VersionPlan Acknowledge(ServedVersion version, VersionPlan plan, ServingCast cast)
    {
        if (version.UnknownAction is { } unknown)
        {
            return plan with
            {
                ActionConsumed = true,
                Events = [.. plan.Events, new RolloutEvent(true, "ActionIgnored", $"{RolloutActions.Annotation}: \"{unknown}\" is not an action; use one of {RolloutActions.Verbs}")],
            };
        }

        if (version.Action is not { } action)
        {
            return plan;
        }

        if (cast.Rollback && version == cast.Candidate)
        {
            return plan with { ActionConsumed = plan.Role == ModelRole.Stable };
        }

        if (cast.Canary && version == cast.Candidate)
        {
            return plan with { ActionConsumed = true };
        }

        return plan with
        {
            ActionConsumed = true,
            Events = [.. plan.Events, new RolloutEvent(true, "ActionIgnored", $"{RolloutActions.Verb(action)} means nothing to {version.Name} now ({plan.Phase}{(plan.Role is { } r ? $", {r}" : "")})")],
        };
    }
}
