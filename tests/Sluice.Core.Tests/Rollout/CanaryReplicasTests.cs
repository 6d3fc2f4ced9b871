using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

public sealed class CanaryReplicasTests
{
    [Theory]
    // Argo Rollouts' TestApproximateWeightedNewStableReplicaCounts: replicas, weight, surge -> canary, stable.
    [InlineData(0, 0, false, 0, 0)]
    [InlineData(0, 50, false, 0, 0)]
    [InlineData(0, 100, true, 0, 0)]
    [InlineData(1, 0, false, 0, 1)]
    [InlineData(1, 1, false, 0, 1)]
    [InlineData(1, 49, false, 0, 1)]
    [InlineData(1, 50, false, 1, 0)]
    [InlineData(1, 99, false, 1, 0)]
    [InlineData(1, 100, false, 1, 0)]
    [InlineData(1, 0, true, 0, 1)]
    [InlineData(1, 1, true, 1, 1)]
    [InlineData(1, 49, true, 1, 1)]
    [InlineData(1, 50, true, 1, 1)]
    [InlineData(1, 99, true, 1, 1)]
    [InlineData(1, 100, true, 1, 0)]
    [InlineData(2, 0, false, 0, 2)]
    [InlineData(2, 1, false, 1, 1)]
    [InlineData(2, 50, false, 1, 1)]
    [InlineData(2, 99, false, 1, 1)]
    [InlineData(2, 100, false, 2, 0)]
    [InlineData(2, 0, true, 0, 2)]
    [InlineData(2, 1, true, 1, 2)]
    [InlineData(2, 50, true, 1, 1)]
    [InlineData(2, 99, true, 2, 1)]
    [InlineData(2, 100, true, 2, 0)]
    [InlineData(3, 10, false, 1, 2)]
    [InlineData(3, 25, false, 1, 2)]
    [InlineData(3, 33, false, 1, 2)]
    [InlineData(3, 34, false, 1, 2)]
    [InlineData(3, 49, false, 1, 2)]
    [InlineData(3, 50, false, 2, 1)]
    [InlineData(3, 10, true, 1, 3)]
    [InlineData(3, 25, true, 1, 3)]
    [InlineData(3, 33, true, 1, 2)]
    [InlineData(3, 34, true, 1, 2)]
    [InlineData(3, 49, true, 2, 2)]
    [InlineData(3, 50, true, 2, 2)]
    [InlineData(10, 0, true, 0, 10)]
    [InlineData(10, 1, false, 1, 9)]
    [InlineData(10, 14, false, 1, 9)]
    [InlineData(10, 15, false, 2, 8)]
    [InlineData(10, 16, false, 2, 8)]
    [InlineData(10, 99, false, 9, 1)]
    [InlineData(10, 100, true, 10, 0)]
    [InlineData(10, 1, true, 1, 10)]
    [InlineData(10, 18, true, 2, 9)]
    [InlineData(10, 19, true, 2, 9)]
    [InlineData(10, 20, true, 2, 8)]
    [InlineData(10, 23, true, 2, 8)]
    [InlineData(10, 24, true, 3, 8)]
    [InlineData(10, 25, true, 3, 8)]
    [InlineData(10, 99, true, 10, 1)]
    // Where Argo returns 0 / N ("should not get here"): the canary keeps all but one pod.
    [InlineData(2, 75, false, 1, 1)]
    [InlineData(5, 90, false, 4, 1)]
    [InlineData(10, 95, false, 9, 1)]
    public void Each_weight_gets_the_closest_split_Argo_Rollouts_would_pick(int replicas, int weight, bool surge, int canary, int stable) =>
        Assert.Equal(new ReplicaSplit(canary, stable), CanaryReplicas.Split(replicas, weight, surge));

    [Theory]
    [InlineData(1, 9, 10.0)]
    [InlineData(1, 2, 33.3)]
    [InlineData(0, 3, 0.0)]
    [InlineData(2, 0, 100.0)]
    public void The_effective_weight_is_the_share_of_ready_pods(int canary, int stable, double weight) =>
        Assert.Equal((decimal)weight, CanaryReplicas.EffectiveWeight(canary, stable));

    [Fact]
    public void No_ready_pod_has_no_effective_weight() => Assert.Null(CanaryReplicas.EffectiveWeight(0, 0));
}
