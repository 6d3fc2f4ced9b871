using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Rollout;

/// <summary>
/// One pass of a canary against the Stable version, with no I/O: starts (or restarts, on retry) the rollout, asks
/// <see cref="CanaryMachine"/> for the step, and turns its outcome into both versions' plans. The split is Argo's basic
/// canary over the candidate's replica count, with one surge pod; a step counts as reached only when both versions'
/// Ready pods match it. On promotion the canary scales to its full count while the Stable version keeps serving;
/// only when every canary pod is Ready does it become Stable and the old one Retired, in the same pass. On abort the
/// canary goes to zero and the Stable version back to its full count.
/// </summary>
public static class CanaryRollout
{
    /// <summary>How far, in points, the weight the pods give may be from the asked one before TrafficSplit warns.</summary>
    public const int SplitTolerance = 10;

    public static (VersionPlan Canary, VersionPlan Stable) Plan(ServedVersion canary, ServedVersion stable, DateTimeOffset now, CheckResult? check, RouteView? route = null)
    {
        var traffic = new CanaryTraffic(route);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(stable);
        var steps = canary.Rollout?.Steps ?? [];
        var events = new List<RolloutEvent>();
        var retry = canary.Action == RolloutAction.Retry && canary.Phase == ModelVersionPhase.Aborted;
        var action = canary.Action;
        var started = canary.Progress is null || retry || canary.Role != ModelRole.Canary;
        var progress = started ? CanaryProgress.Start(now) : canary.Progress!;
        if (started)
        {
            events.Add(new RolloutEvent(false, retry ? "RolloutRetried" : "RolloutStarted",
                $"canary of {canary.Name} against {stable.Name}: {steps.Count} step{(steps.Count == 1 ? "" : "s")}"));
            (check, action) = (null, retry ? null : action);
        }

        var canaryReady = canary.ReadyReplicas ?? 0;
        var effective = traffic.Effective(canary, stable);
        CanaryDecision decision;
        if (canary.Progress is { } stored && stored.StepIndex >= steps.Count && canary.Role == ModelRole.Canary && !retry && action != RolloutAction.Abort)
        {
            // Promotion was decided in an earlier pass; only the canary's pods are awaited now.
            decision = new CanaryDecision(CanaryOutcome.Promote, stored, 100, "Promoting", "", [], null);
        }
        else
        {
            var asked = CanaryMachine.WeightAt(steps, progress.StepIndex);
            var split = traffic.Split(canary.Replicas, asked);
            var deadline = GoDuration.TryParse(canary.Rollout?.ProgressDeadline, out var d) ? d : TimeSpan.FromMinutes(10);
            var late = canaryReady < split.Canary && now - (progress.StepStartedAt ?? now) > deadline;
            decision = CanaryMachine.Next(steps, canary.Rollout?.Analysis, progress, new CanaryObservation(w => traffic.Reached(canary, stable, w), canary.Restarts, late, check, action, now)
            {
                PodProblem = canary.PodProblem,
            });
        }

        events.AddRange(decision.Events);
        var (canaryPlan, stablePlan) = decision.Outcome switch
        {
            CanaryOutcome.Abort => Aborted(canary, stable, decision, events, effective),
            CanaryOutcome.Promote when traffic.Promotable(canary) => Promoted(canary, stable, decision, events, steps.Count, now),
            CanaryOutcome.Promote => Promoting(canary, stable, decision, events, steps, effective, traffic),
            _ => Stepping(canary, stable, decision, events, effective, traffic),
        };
        return (canaryPlan with { RolloutStarted = started }, stablePlan);
    }

    private static (VersionPlan, VersionPlan) Stepping(ServedVersion canary, ServedVersion stable, CanaryDecision decision, List<RolloutEvent> events, decimal? effective,
        CanaryTraffic traffic)
    {
        var split = traffic.Split(canary.Replicas, decision.Weight);
        var canaryReady = canary.ReadyReplicas ?? 0;
        var failures = decision.Progress.Failures;
        var canaryPlan = new VersionPlan(canary.Name, split.Canary, ModelRole.Canary,
            decision.Outcome == CanaryOutcome.Paused ? ModelVersionPhase.Paused : ModelVersionPhase.Progressing,
            canaryReady > 0, decision.Reason, decision.Message, events)
        {
            Progress = decision.Progress,
            Weight = decision.Weight,
            EffectiveWeight = effective,
            Progressing = new PlanCondition(true, decision.Reason, decision.Message),
            Degraded = new PlanCondition(false, failures == 0 ? "AnalysisPassing" : "AnalysisFailing",
                failures == 0 ? "no failed canary check" : $"{failures} failed canary check{(failures == 1 ? "" : "s")}, within failureLimit"),
            RouteWeight = traffic.StepRouteWeight(canary, decision.Weight, split),
            TrafficSplit = traffic.Accuracy(canary.Name, decision.Weight, split),
            RequeueAfter = decision.RequeueAfter,
        };
        return (canaryPlan, StableDuring(stable, traffic.StableDuringStep(canary, stable, split), $"serving the traffic {canary.Name} does not get during its canary"));
    }

    private static (VersionPlan, VersionPlan) Promoting(ServedVersion canary, ServedVersion stable, CanaryDecision decision, List<RolloutEvent> events,
        IReadOnlyList<CanaryStep> steps, decimal? effective, CanaryTraffic traffic)
    {
        // The Stable version keeps the pods of the last step until the canary can carry all traffic.
        var last = steps.Count == 0 ? 0 : CanaryMachine.WeightAt(steps, steps.Count - 1);
        var held = traffic.Split(canary.Replicas, last).Stable;
        var ready = canary.ReadyReplicas ?? 0;
        var message = $"promoted: {ready}/{canary.Replicas} pods Ready; {stable.Name} keeps serving until all are";
        var canaryPlan = new VersionPlan(canary.Name, canary.Replicas, ModelRole.Canary, ModelVersionPhase.Progressing, ready > 0, "Promoting", message, events)
        {
            Progress = decision.Progress,
            Weight = 100,
            RouteWeight = traffic.PromotingRouteWeight(canary, last),
            EffectiveWeight = effective,
            Progressing = new PlanCondition(true, "Promoting", message),
            Degraded = new PlanCondition(false, "AnalysisPassing", "promotion in progress"),
        };
        return (canaryPlan, StableDuring(stable, held, $"serving until {canary.Name} has all its pods Ready"));
    }

    private static (VersionPlan, VersionPlan) Promoted(ServedVersion canary, ServedVersion stable, CanaryDecision decision, List<RolloutEvent> events, int stepCount, DateTimeOffset now)
    {
        var why = decision.Reason == "PromotedByUser" ? "promoted by hand" : $"promoted after {stepCount} canary step{(stepCount == 1 ? "" : "s")}";
        // Ready as the Stable version keeps it afterwards, so the next pass writes nothing; Progressing says why.
        var canaryPlan = new VersionPlan(canary.Name, canary.Replicas, ModelRole.Stable, ModelVersionPhase.Serving, true, "Serving",
            $"serving with {canary.ReadyReplicas}/{canary.Replicas} pods Ready",
            [.. events, new RolloutEvent(false, "Promoted", $"{why}: Stable with {canary.ReadyReplicas}/{canary.Replicas} pods Ready, {stable.Name} retired")])
        {
            Progress = decision.Progress,
            PromotedAt = now,
            Progressing = new PlanCondition(true, "RolloutCompleted", $"{why}; {stable.Name} retired"),
            Degraded = new PlanCondition(false, "RolloutCompleted", why),
        };
        var stablePlan = new VersionPlan(stable.Name, 0, ModelRole.Retired, ModelVersionPhase.Retired, false, "Retired", $"replaced by {canary.Name} after its canary",
            [new RolloutEvent(false, "Retired", $"replaced by {canary.Name} after its canary")]);
        return (canaryPlan, stablePlan);
    }

    private static (VersionPlan, VersionPlan) Aborted(ServedVersion canary, ServedVersion stable, CanaryDecision decision, List<RolloutEvent> events, decimal? effective)
    {
        var canaryPlan = new VersionPlan(canary.Name, 0, ModelRole.Retired, ModelVersionPhase.Aborted, false, "RolloutAborted", AbortedMessage(decision.Message), events)
        {
            TrafficSplit = new PlanCondition(false, "RolloutAborted", $"no traffic: the canary was aborted and {stable.Name} serves all of it"),
            Progress = decision.Progress,
            Weight = 0,
            EffectiveWeight = effective,
            Progressing = new PlanCondition(false, "RolloutAborted", decision.Message),
            Degraded = new PlanCondition(true, decision.Reason, decision.Message),
        };
        return (canaryPlan, StableDuring(stable, stable.Replicas, $"serving all traffic: the canary {canary.Name} was aborted"));
    }

    /// <summary>The Ready message of an aborted version, the same on every pass so its status is written once.</summary>
    public static string AbortedMessage(string why) => $"aborted: {why}; annotate {RolloutActions.Annotation}=retry to start again";

    /// <summary>
    /// The Stable version during a rollout. Its messages name no pod counts or weights (the canary's status has those),
    /// so its status is written when its part changes, not on every pod that comes or goes.
    /// </summary>
    private static VersionPlan StableDuring(ServedVersion stable, int replicas, string what)
    {
        var ready = stable.ReadyReplicas ?? 0;
        return new VersionPlan(stable.Name, replicas, ModelRole.Stable, ModelVersionPhase.Serving, ready > 0, ready > 0 ? "Serving" : "Degraded",
            ready > 0 ? what : $"{what}, but no pod of it is Ready", []);
    }
}
