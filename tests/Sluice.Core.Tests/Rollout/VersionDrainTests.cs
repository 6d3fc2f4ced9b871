using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

public sealed class VersionDrainTests
{
    [Theory]
    // successor Ready, route may route, Deployment replicas, pods -> scale to, release
    [InlineData(false, false, 1, 1, null, false)]  // the Stable version is still scaling back up: keep serving
    [InlineData(true, true, 1, 1, null, false)]    // the route still gives it weight, or the gateways have not accepted the change
    [InlineData(true, false, 1, 1, 0, false)]      // nobody needs it: scale to zero
    [InlineData(true, false, 0, 1, null, false)]   // its last pod is draining
    [InlineData(true, false, 0, 0, null, true)]    // gone: release the finalizer
    [InlineData(true, false, null, 0, null, true)] // never had a Deployment
    public void A_deleted_version_serves_until_nothing_routes_to_it_and_then_until_its_pods_are_gone(bool successorReady, bool routeMayRoute, int? replicas, int pods,
        int? scaleTo, bool release)
    {
        var step = VersionDrain.Next("m-v2", "m-v1", successorReady, routeMayRoute, replicas, pods);

        Assert.Equal((scaleTo, release), (step.ScaleTo, step.Release));
        Assert.Contains("m-v2", step.Message, StringComparison.Ordinal);
    }
}
