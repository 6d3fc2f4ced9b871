using Sluice.Core.Api;
using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

/// <summary>A canary on a Gateway API HTTPRoute: the route's accepted weights, not the pods, make the split.</summary>
public sealed class GatewayRolloutTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static readonly RolloutSpec Steps = new()
    {
        Steps = [new CanaryStep { SetWeight = 20 }, new CanaryStep { Pause = new PauseStep { Duration = "1m" } }, new CanaryStep { SetWeight = 60 }],
        TrafficRouting = new TrafficRouting { GatewayApi = new GatewayApiRouting { HttpRoute = "m" } },
    };

    private static ServedVersion Stable(int ready = 4) =>
        new("m-v1", T0, ModelRole.Stable, RolloutStrategy.Canary, 4, ready) { Phase = ModelVersionPhase.Serving, PromotedAt = T0, Rollout = Steps };

    private static ServedVersion Canary(int step, int ready) =>
        new("m-v2", T0.AddMinutes(5), ModelRole.Canary, RolloutStrategy.Canary, 4, ready)
        {
            Phase = ModelVersionPhase.Progressing,
            Progress = new CanaryProgress(step, T0.AddMinutes(6), 0, null),
            Rollout = Steps,
        };

    private static RouteView Route(int stable, int canary, bool accepted = true) =>
        new("m", new Dictionary<string, int> { ["m-v1"] = stable, ["m-v2"] = canary }, accepted, accepted ? "HTTPRoute m generation 3 accepted by gw" : "HTTPRoute m: gw has not seen generation 3 yet");

    private static (VersionPlan Canary, VersionPlan Stable) Pass(ServedVersion canary, RouteView route, ServedVersion? stable = null)
    {
        var plans = ServingPlan.Decide([stable ?? Stable(), canary], T0.AddMinutes(7), route: route);
        return (plans.Single(p => p.Name == canary.Name), plans.Single(p => p.Name != canary.Name));
    }

    [Theory]
    // step, canary Ready, route weights (stable/canary), accepted -> step after, canary pods, canary's route weight
    [InlineData(0, 0, 100, 0, true, 0, 1, 0)]     // 20% of 4 is one pod; until it is Ready the route gives it nothing
    [InlineData(0, 1, 100, 0, true, 0, 1, 20)]    // Ready: the route is asked for 20%
    [InlineData(0, 1, 80, 20, false, 0, 1, 20)]   // written, not yet accepted: the step waits
    [InlineData(0, 1, 80, 20, true, 1, 1, 20)]    // accepted: on to the pause
    [InlineData(2, 1, 80, 20, true, 2, 3, 20)]    // 60%: three pods first, the route stays at 20% meanwhile
    [InlineData(2, 3, 80, 20, true, 2, 3, 60)]
    [InlineData(2, 3, 40, 60, true, 3, 4, 60)]    // 60% served: promotion; the route keeps 60% until all 4 pods are Ready
    public void A_weight_counts_as_reached_only_once_the_gateways_accepted_it(int step, int ready, int stableWeight, int canaryWeight, bool accepted,
        int nextStep, int canaryPods, int routeWeight)
    {
        var (canary, stable) = Pass(Canary(step, ready), Route(stableWeight, canaryWeight, accepted));

        Assert.Equal((nextStep, canaryPods, routeWeight), (canary.Progress!.StepIndex, canary.Replicas, canary.RouteWeight));
        Assert.Equal(4, stable.Replicas);
        Assert.Equal(routeWeight, RouteWeights.Desired([stable, canary])["m-v2"]);
        Assert.Equal(100 - routeWeight, RouteWeights.Desired([stable, canary])["m-v1"]);
    }

    [Fact]
    public void Promotion_moves_all_traffic_once_the_pods_are_Ready_and_retires_the_old_Stable_only_once_the_gateways_serve_it()
    {
        var promoting = Canary(3, 4);

        var (asked, _) = Pass(promoting, Route(40, 60));
        var (waiting, oldStable) = Pass(promoting, Route(0, 100, accepted: false));
        var (promoted, retired) = Pass(promoting, Route(0, 100));

        Assert.Equal((100, ModelRole.Canary), (asked.RouteWeight, asked.Role));
        Assert.Equal((ModelRole.Canary, 4), (waiting.Role, oldStable.Replicas));
        Assert.Equal((ModelRole.Stable, ModelRole.Retired), (promoted.Role, retired.Role));
        // The route still lists the old Stable at 0 until the gateways accept the next write, which drops it.
        Assert.Equal(0, retired.Replicas);
        Assert.Equal(new Dictionary<string, int> { ["m-v2"] = 100 }, RouteWeights.Desired([promoted, retired]));
    }

    [Fact]
    public void An_aborted_canary_keeps_its_pods_until_the_gateways_stop_routing_to_it()
    {
        var failing = Canary(1, 1) with { Action = RolloutAction.Abort };

        var (aborted, stable) = Pass(failing, Route(80, 20));
        var bystander = failing with { Role = ModelRole.Retired, Phase = ModelVersionPhase.Aborted, Action = null };
        var (draining, _) = Pass(bystander, Route(100, 0, accepted: false));
        var (drained, _) = Pass(bystander, Route(100, 0));

        Assert.Equal((ModelVersionPhase.Aborted, 1), (aborted.Phase, aborted.Replicas));
        Assert.Equal(new Dictionary<string, int> { ["m-v1"] = 100 }, RouteWeights.Desired([stable, aborted]));
        Assert.Equal(1, draining.Replicas);
        Assert.Contains("until HTTPRoute m stops routing to it", draining.Message, StringComparison.Ordinal);
        Assert.Equal(0, drained.Replicas);
    }

    [Fact]
    public void A_route_that_names_none_of_the_models_Services_holds_the_step_and_says_so()
    {
        var route = new RouteView("m", new Dictionary<string, int>(), false, "HTTPRoute m has no backendRef to the model's Services (m, m-v1, m-v2): add one");

        var (canary, _) = Pass(Canary(0, 1), route);

        Assert.Equal((0, false, "RouteNotManageable"), (canary.Progress!.StepIndex, canary.TrafficSplit!.Status, canary.TrafficSplit.Reason));
        Assert.Contains("no backendRef", canary.TrafficSplit.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, bool, string?> Rules => new()
    {
        // live backends (version:weight), desired, live generation accepted, written (null keeps the rule as it is)
        { "service/m:1", "m-v1:100", true, "service/m:0 m-v1:100" },    // a person's route to the model's Service: replaced, never dropped with weight
        { "service/m:0 m-v1:100", "m-v1:100", true, "m-v1:100" },       // its 0 accepted: now dropped
        { "service/m:0 m-v1:100", "m-v1:100", false, "service/m:0 m-v1:100" }, // not yet: a gateway may still route by the older generation
        { "m-v1:100", "m-v1:80 m-v2:20", true, "m-v1:80 m-v2:20" },
        { "m-v1:0 m-v2:100", "m-v2:100", true, "m-v2:100" },
        { "m-v1:80 m-v2:20", "m-v1:100", true, "m-v1:100 m-v2:0" },     // an abort: the canary's weight goes to 0 first
        { "m-v1:100 m-v2:0", "m-v1:100", false, "m-v1:100 m-v2:0" },
        { "m-v1:100", "", true, null },                                  // nothing serves: never all zero
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_rules_backends_keep_their_order_and_lose_weight_before_they_go(string live, string desired, bool accepted, string? written)
    {
        static List<(string, int)> Parse(string text) =>
            [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(b => (b[..b.LastIndexOf(':')], int.Parse(b[(b.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))];

        var result = RouteWeights.Rule(Parse(live), Parse(desired).ToDictionary(d => d.Item1, d => d.Item2), accepted);

        Assert.Equal(written is null ? null : Parse(written), result?.ToList());
    }

    [Theory]
    // parents (name:status:observedGeneration), generation -> accepted
    [InlineData("", 3, false)]
    [InlineData("gw:True:3", 3, true)]
    [InlineData("gw:True:2", 3, false)]
    [InlineData("gw:True:3 mesh:False:3", 3, false)]
    [InlineData("gw:True:4 mesh:True:3", 3, true)]
    public void A_route_is_accepted_when_every_parent_accepted_its_generation(string parents, long generation, bool accepted)
    {
        var list = parents.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':'))
            .Select(p => new RouteParent(p[0], p[1], null, null, long.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var (result, message) = RouteAcceptance.Of("m", generation, list);

        Assert.Equal(accepted, result);
        Assert.StartsWith("HTTPRoute m", message, StringComparison.Ordinal);
    }
}
