using Sluice.Core.Api;
using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

public sealed class ServingPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    private static ServedVersion V(string name, int minute, ModelRole? role, int? ready, RolloutStrategy strategy = RolloutStrategy.Canary, int replicas = 2) =>
        new(name, T0.AddMinutes(minute), role, strategy, replicas, ready);

    private static VersionPlan Plan(IReadOnlyList<VersionPlan> plans, string name) => plans.Single(p => p.Name == name);

    private static IReadOnlyList<VersionPlan> Decide(IReadOnlyList<ServedVersion> versions) => ServingPlan.Decide(versions, T0);

    [Fact]
    public void The_first_version_deploys_and_becomes_Stable_once_its_pods_are_Ready()
    {
        var deploying = Plan(Decide([V("m-v1", 0, null, 1)]), "m-v1");
        var served = Plan(Decide([V("m-v1", 0, null, 2)]), "m-v1");

        Assert.Equal((2, (ModelRole?)null, ModelVersionPhase.Deploying, false, "1/2 server pods Ready"), (deploying.Replicas, deploying.Role, deploying.Phase, deploying.Ready, deploying.Message));
        Assert.Equal((ModelRole.Stable, ModelVersionPhase.Serving, true, "Serving", "RolloutCompleted"), (served.Role, served.Phase, served.Ready, served.Reason, served.Progressing!.Reason));
        Assert.Equal("Promoted", Assert.Single(served.Events).Reason);
    }

    [Fact]
    public void A_retired_version_keeps_the_reason_it_was_retired_for_on_later_passes()
    {
        var superseded = V("m-v2", 5, ModelRole.Retired, 0) with
        {
            Phase = ModelVersionPhase.Retired,
            RetiredBecause = new PlanCondition(false, "Superseded", "superseded by m-v3 during its canary"),
        };
        var plans = Decide([V("m-v1", 0, ModelRole.Stable, 2) with { PromotedAt = T0 }, superseded, V("m-v4", 9, ModelRole.Retired, 0)]);

        Assert.Equal(("Superseded", "superseded by m-v3 during its canary"), (Plan(plans, "m-v2").Reason, Plan(plans, "m-v2").Message));
        Assert.Empty(Plan(plans, "m-v2").Events);
        Assert.Equal("Retired", Plan(plans, "m-v4").Reason);
    }

    [Fact]
    public void An_Immediate_version_replaces_the_Stable_one_only_when_all_its_pods_are_Ready()
    {
        var starting = Decide([V("m-v1", 0, ModelRole.Stable, 2), V("m-v2", 5, null, 1, RolloutStrategy.Immediate)]);
        var switched = Decide([V("m-v1", 0, ModelRole.Stable, 2), V("m-v2", 5, null, 2, RolloutStrategy.Immediate)]);

        Assert.Equal((ModelRole.Stable, 2), (Plan(starting, "m-v1").Role, Plan(starting, "m-v1").Replicas));
        Assert.Equal((ModelVersionPhase.Deploying, 2), (Plan(starting, "m-v2").Phase, Plan(starting, "m-v2").Replicas));
        Assert.Equal((ModelRole.Stable, ModelVersionPhase.Serving), (Plan(switched, "m-v2").Role, Plan(switched, "m-v2").Phase));
        Assert.Equal((ModelRole.Retired, 0, "replaced by m-v2"), (Plan(switched, "m-v1").Role, Plan(switched, "m-v1").Replicas, Plan(switched, "m-v1").Message));
    }

    [Fact]
    public void A_Canary_version_starts_its_rollout_at_the_first_step_while_the_Stable_one_keeps_serving()
    {
        var canary = V("m-v2", 5, null, null) with { Rollout = new RolloutSpec { Steps = [new CanaryStep { SetWeight = 10 }, new CanaryStep { SetWeight = 50 }] } };
        var plans = Decide([V("m-v1", 0, ModelRole.Stable, 2), canary]);

        Assert.Equal((ModelRole.Canary, ModelVersionPhase.Progressing, 1, 10, "ShiftingTraffic"),
            (Plan(plans, "m-v2").Role, Plan(plans, "m-v2").Phase, Plan(plans, "m-v2").Replicas, Plan(plans, "m-v2").Weight, Plan(plans, "m-v2").Reason));
        Assert.Contains(Plan(plans, "m-v2").Events, e => e.Reason == "RolloutStarted");
        Assert.True(Plan(plans, "m-v2").RolloutStarted);
        Assert.Equal((ModelRole.Stable, 2, true), (Plan(plans, "m-v1").Role, Plan(plans, "m-v1").Replicas, Plan(plans, "m-v1").Ready));
    }

    [Fact]
    public void Of_several_waiting_versions_only_the_newest_proceeds()
    {
        var plans = Decide([V("m-v1", 0, null, null), V("m-v2", 1, null, null)]);

        Assert.Equal((ModelRole.Retired, "Superseded"), (Plan(plans, "m-v1").Role, Plan(plans, "m-v1").Reason));
        Assert.Equal(ModelVersionPhase.Deploying, Plan(plans, "m-v2").Phase);
    }

    [Fact]
    public void A_Stable_version_short_of_Ready_pods_is_not_Ready()
    {
        var plan = Plan(Decide([V("m-v1", 0, ModelRole.Stable, 1)]), "m-v1");

        Assert.Equal((ModelRole.Stable, false, "Degraded", "only 1/2 server pods Ready"), (plan.Role, plan.Ready, plan.Reason, plan.Message));
    }

    [Fact]
    public void Retired_versions_stay_retired_and_quiet()
    {
        var plan = Plan(Decide([V("m-v1", 0, ModelRole.Retired, 0), V("m-v2", 5, ModelRole.Stable, 2)]), "m-v1");

        Assert.Equal((ModelRole.Retired, 0), (plan.Role, plan.Replicas));
        Assert.Empty(plan.Events);
    }
}
