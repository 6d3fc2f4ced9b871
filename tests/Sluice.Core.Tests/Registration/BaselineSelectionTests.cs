using Sluice.Core.Api;
using Sluice.Core.Registration;

namespace Sluice.Core.Tests.Registration;

public sealed class BaselineSelectionTests
{
    [Theory]
    // versions as name:role (- for none), in any order -> the one to beat
    [InlineData("", null)]
    [InlineData("m-v1:-", "m-v1")]                         // nothing serves yet: the latest registered
    [InlineData("m-v1:Stable,m-v2:-", "m-v1")]             // the serving one, though a newer one is rolling out
    [InlineData("m-v2:Canary,m-v1:Stable", "m-v1")]
    [InlineData("m-v1:Retired,m-v2:Retired", null)]        // every rollout aborted: a first model again
    [InlineData("m-v1:-,m-v2:Retired", "m-v1")]            // an aborted newer one is never the baseline
    [InlineData("m-v9:-,m-v10:-", "m-v10")]                // by version number, not by text
    public void The_version_to_beat_is_the_serving_one_else_the_latest_not_retired(string versions, string? expected)
    {
        var candidates = versions.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v =>
        {
            var (name, role) = (v.Split(':')[0], v.Split(':')[1]);
            return new BaselineSelection.Candidate(name, name[2..], role == "-" ? null : Enum.Parse<ModelRole>(role), null);
        });

        Assert.Equal(expected, BaselineSelection.Pick(candidates)?.Name);
    }
}
