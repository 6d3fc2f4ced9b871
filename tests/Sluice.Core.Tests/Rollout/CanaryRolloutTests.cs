using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

public sealed class CanaryRolloutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    private static readonly RolloutSpec TwoSteps = new()
    {
        Steps = [new CanaryStep { SetWeight = 10 }, new CanaryStep { Pause = new PauseStep { Duration = "1m" } }, new CanaryStep { SetWeight = 50 }],
        Analysis = new CanaryAnalysis { FailureLimit = 1 },
    };

    private static ServedVersion Stable(int? ready = 2, int replicas = 2) =>
        new("m-v1", T0, ModelRole.Stable, RolloutStrategy.Canary, replicas, ready) { Phase = ModelVersionPhase.Serving, PromotedAt = T0 };

    private static ServedVersion Canary(int step, int? ready, int failures = 0, RolloutAction? action = null, int restarts = 0, int replicas = 2) =>
        new("m-v2", T0.AddMinutes(5), ModelRole.Canary, RolloutStrategy.Canary, replicas, ready)
        {
            Phase = ModelVersionPhase.Progressing,
            Progress = new CanaryProgress(step, T0.AddMinutes(6), failures, null),
            Rollout = TwoSteps,
            Action = action,
            Restarts = restarts,
        };

    private static CheckResult Check(CheckVerdict verdict) =>
        new(verdict, verdict == CheckVerdict.Failed ? "errorRate" : null, verdict == CheckVerdict.Failed ? "error rate 4.1% > 1% over 1m, 212 requests" : "passed",
            new CanaryMeasurement(212, 9, 0, 800, 0, 0.01, 0.01, 0, 0, null, null));

    private static (VersionPlan Canary, VersionPlan Stable) Pass(ServedVersion canary, ServedVersion stable, CheckResult? check = null, int minutes = 7)
    {
        var plans = ServingPlan.Decide([stable, canary], T0.AddMinutes(minutes), check);
        return (plans.Single(p => p.Name == canary.Name), plans.Single(p => p.Name == stable.Name));
    }

    [Theory]
    // step, canary Ready, stable Ready -> step after, canary pods, stable pods
    [InlineData(0, 0, 2, 0, 1, 2)] // 10% with 2 replicas and a surge pod: 1 canary + 2 stable; not there yet
    [InlineData(0, 1, 2, 1, 1, 2)] // reached: on to the pause, same split
    [InlineData(2, 0, 2, 2, 1, 2)] // 50%: 1 + 1, but the stable keeps its second pod until a canary pod can take it
    [InlineData(2, 1, 2, 2, 1, 1)] // a canary pod is Ready: the stable gives up one
    [InlineData(2, 1, 1, 3, 2, 0)] // 50% reached: past the last step, promoting to the full count
    public void Steps_advance_only_once_both_versions_Ready_pods_match_the_split(int step, int canaryReady, int stableReady, int nextStep, int canaryPods, int stablePods)
    {
        var (canary, stable) = Pass(Canary(step, canaryReady), Stable(stableReady));

        Assert.Equal((nextStep, canaryPods), (canary.Progress!.StepIndex, canary.Replicas));
        Assert.Equal(nextStep == 3 ? 1 : stablePods, stable.Replicas);
    }

    [Fact]
    public void A_promoted_canary_becomes_Stable_only_when_all_its_pods_are_Ready_and_the_old_Stable_serves_until_then()
    {
        var (waiting, servingOld) = Pass(Canary(3, 1), Stable(1));
        var (promoted, retired) = Pass(Canary(3, 2), Stable(1));

        Assert.Equal((ModelRole.Canary, "Promoting", 2), (waiting.Role, waiting.Reason, waiting.Replicas));
        Assert.Equal((ModelRole.Stable, 1), (servingOld.Role, servingOld.Replicas));
        Assert.Equal((ModelRole.Stable, ModelVersionPhase.Serving, T0.AddMinutes(7), "RolloutCompleted"), (promoted.Role, promoted.Phase, promoted.PromotedAt, promoted.Progressing!.Reason));
        Assert.Equal((ModelRole.Retired, ModelVersionPhase.Retired, 0), (retired.Role, retired.Phase, retired.Replicas));
        Assert.Contains(retired.Events, e => e.Reason == "Retired");
        // Promotion was decided in an earlier pass; the Event that says it is Stable comes with the pass that makes it so.
        Assert.DoesNotContain(waiting.Events, e => e.Reason == "Promoted");
        Assert.Contains(promoted.Events, e => e.Reason == "Promoted" && e.Message == "promoted after 3 canary steps: Stable with 2/2 pods Ready, m-v1 retired");
    }

    [Fact]
    public void The_pass_that_completes_the_last_step_starts_the_promotion()
    {
        var (canary, _) = Pass(Canary(2, 1), Stable(1));

        Assert.Equal(["StepCompleted", CanaryMachine.PromotionStarted], canary.Events.Select(e => e.Reason));
    }

    [Fact]
    public void Failed_checks_beyond_the_limit_abort_with_the_metric_its_value_and_limit_in_the_conditions()
    {
        var (first, _) = Pass(Canary(1, 1), Stable(2), Check(CheckVerdict.Failed));
        var (canary, stable) = Pass(Canary(1, 1, failures: 1), Stable(2), Check(CheckVerdict.Failed));

        Assert.Equal((ModelVersionPhase.Progressing, 1, false), (first.Phase, first.Progress!.Failures, first.Degraded!.Status));
        Assert.Equal((ModelRole.Retired, ModelVersionPhase.Aborted, 0, 0), (canary.Role, canary.Phase, canary.Replicas, canary.Weight));
        Assert.Equal((true, "AnalysisFailed"), (canary.Degraded!.Status, canary.Degraded.Reason));
        Assert.StartsWith("error rate 4.1% > 1% over 1m, 212 requests", canary.Degraded.Message, StringComparison.Ordinal);
        Assert.Equal((false, "RolloutAborted"), (canary.Progressing!.Status, canary.Progressing.Reason));
        Assert.Equal((ModelRole.Stable, 2), (stable.Role, stable.Replicas));
        Assert.Contains(canary.Events, e => e.Warning && e.Reason == "RolloutAborted");
    }

    [Theory]
    [InlineData(1, 0, "CanaryUnhealthy")]
    [InlineData(0, 20, "ProgressDeadlineExceeded")]
    public void An_unhealthy_canary_aborts(int restarts, int minutes, string reason)
    {
        var (canary, _) = Pass(Canary(0, 0, restarts: restarts), Stable(2), minutes: 6 + minutes);

        Assert.Equal((ModelVersionPhase.Aborted, reason), (canary.Phase, canary.Degraded!.Reason));
    }

    [Fact]
    public void Retry_starts_an_aborted_rollout_again_from_the_first_step()
    {
        var aborted = Canary(1, 0, failures: 2, action: RolloutAction.Retry) with { Role = ModelRole.Retired, Phase = ModelVersionPhase.Aborted };

        var (canary, _) = Pass(aborted, Stable(2));

        Assert.Equal((ModelRole.Canary, 0, 0, true, true), (canary.Role, canary.Progress!.StepIndex, canary.Progress.Failures, canary.RolloutStarted, canary.ActionConsumed));
        Assert.Contains(canary.Events, e => e.Reason == "RolloutRetried");
    }

    [Fact]
    public void An_aborted_version_stays_aborted_and_serves_nothing()
    {
        var (first, _) = Pass(Canary(1, 1, failures: 1), Stable(2), Check(CheckVerdict.Failed));
        var aborted = Canary(1, 0, failures: 2) with
        {
            Role = ModelRole.Retired,
            Phase = ModelVersionPhase.Aborted,
            AbortedBecause = new PlanCondition(true, first.Degraded!.Reason, first.Degraded.Message),
        };

        var plans = ServingPlan.Decide([Stable(2), aborted], T0.AddMinutes(8));

        Assert.Equal((ModelVersionPhase.Aborted, 0, 0), (plans[1].Phase, plans[1].Replicas, plans[1].Weight));
        Assert.Equal(2, plans[0].Replicas);
        Assert.Empty(plans[1].Events);
        // The cause stays in Ready, word for word, so the status is not written again.
        Assert.Equal(first.Message, plans[1].Message);
        Assert.StartsWith("aborted: error rate 4.1% > 1% over 1m, 212 requests", plans[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_version_supersedes_a_canary_and_starts_against_the_Stable_one()
    {
        var newer = new ServedVersion("m-v3", T0.AddMinutes(9), null, RolloutStrategy.Canary, 2, null) { Rollout = TwoSteps };

        var plans = ServingPlan.Decide([Stable(2), Canary(2, 1), newer], T0.AddMinutes(10));

        Assert.Equal((ModelRole.Retired, "Superseded", 0), (plans[1].Role, plans[1].Reason, plans[1].Replicas));
        Assert.Contains("superseded by m-v3 during its canary", plans[1].Message, StringComparison.Ordinal);
        Assert.Equal((ModelRole.Canary, 0, 10), (plans[2].Role, plans[2].Progress!.StepIndex, plans[2].Weight));
    }

    [Fact]
    public void Promote_on_a_retired_version_rolls_back_to_it_without_steps_and_the_action_stays_until_it_serves()
    {
        var retired = new ServedVersion("m-v0", T0.AddMinutes(-5), ModelRole.Retired, RolloutStrategy.Canary, 2, 0)
        { Phase = ModelVersionPhase.Retired, Action = RolloutAction.Promote, Rollout = TwoSteps };

        var starting = ServingPlan.Decide([retired, Stable(2)], T0.AddMinutes(1));
        var done = ServingPlan.Decide([retired with { ReadyReplicas = 2 }, Stable(2)], T0.AddMinutes(2));

        Assert.Equal((2, false, ModelRole.Stable, 2), (starting[0].Replicas, starting[0].ActionConsumed, starting[1].Role, starting[1].Replicas));
        Assert.Equal((ModelRole.Stable, "RolledBack", true, T0.AddMinutes(2)), (done[0].Role, done[0].Progressing!.Reason, done[0].ActionConsumed, done[0].PromotedAt));
        Assert.Contains(done[0].Events, e => e.Reason == "RolledBack");
        Assert.Equal((ModelRole.Retired, 0), (done[1].Role, done[1].Replicas));
        var after = ServingPlan.Cast([retired with { Role = ModelRole.Stable, Action = null, PromotedAt = T0.AddMinutes(2) }, Stable(2)]);
        Assert.Equal("m-v0", after.Stable!.Name);
    }

    [Theory]
    [InlineData(1, 10, false)] // one replica: the surge pod makes 10% a 50% split
    [InlineData(10, 10, true)]
    [InlineData(2, 50, true)]
    public void TrafficSplit_warns_when_the_pods_cannot_give_the_asked_weight(int replicas, int weight, bool achievable)
    {
        var rollout = new RolloutSpec { Steps = [new CanaryStep { SetWeight = weight }, new CanaryStep { Pause = new PauseStep() }] };
        var canary = Canary(0, 0, replicas: replicas) with { Rollout = rollout };

        var (plan, _) = Pass(canary, Stable(replicas, replicas));

        Assert.Equal(achievable, plan.TrafficSplit!.Status);
        Assert.Equal(achievable ? "WeightAchievable" : "WeightNotAchievable", plan.TrafficSplit.Reason);
    }

    [Theory]
    [InlineData(RolloutAction.Pause, ModelVersionPhase.Paused, "PausedByUser")]
    [InlineData(RolloutAction.Abort, ModelVersionPhase.Aborted, "RolloutAborted")]
    [InlineData(RolloutAction.Promote, ModelVersionPhase.Progressing, "Promoting")]
    public void A_persons_action_on_the_canary_is_acted_on_and_consumed(RolloutAction action, ModelVersionPhase phase, string reason)
    {
        var (canary, _) = Pass(Canary(1, 1, action: action), Stable(2));

        Assert.Equal((phase, reason, true), (canary.Phase, canary.Reason, canary.ActionConsumed));
    }

    [Fact]
    public void An_action_that_means_nothing_or_no_action_at_all_is_consumed_with_a_warning()
    {
        var plans = ServingPlan.Decide([Stable(2) with { Action = RolloutAction.Pause }, Canary(1, 1) with { UnknownAction = "promte" }], T0.AddMinutes(7));

        Assert.All(plans, p => Assert.True(p.ActionConsumed));
        Assert.Contains(plans[0].Events, e => e.Warning && e.Reason == "ActionIgnored" && e.Message.Contains("pause means nothing to m-v1", StringComparison.Ordinal));
        Assert.Contains(plans[1].Events, e => e.Warning && e.Message.Contains("\"promte\" is not an action", StringComparison.Ordinal));
    }
}
