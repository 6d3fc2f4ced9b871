using Sluice.Core.Api;
using Sluice.Core.Runs;

namespace Sluice.Core.Tests.Runs;

public sealed class StageRetriesTests
{
    private static Stage Stage(int? limit, string? duration = null, double? factor = null, string? max = null) => new()
    {
        Name = "s",
        Image = "sluice",
        RetryStrategy = limit is null ? null : new RetryStrategy { Limit = limit, Backoff = duration is null ? null : new Backoff { Duration = duration, Factor = factor, MaxDuration = max } },
    };

    [Theory]
    // limit, duration, factor, maxDuration -> attempts, seconds before attempts 2..5
    [InlineData(null, null, null, null, 1, new double[] { 0, 0, 0, 0 })]
    [InlineData(3, null, null, null, 4, new double[] { 0, 0, 0, 0 })]             // no backoff: at once
    [InlineData(3, "1s", null, null, 4, new double[] { 1, 2, 4, 8 })]             // factor 2 by default
    [InlineData(3, "1s", 2.0, "5s", 4, new double[] { 1, 2, 4, 5 })]              // capped at maxDuration
    [InlineData(3, "40m", 2.0, null, 4, new double[] { 2400, 3600, 3600, 3600 })] // capped at 1h by default
    [InlineData(2, "10s", 3.0, "2m", 3, new double[] { 10, 30, 90, 120 })]
    public void Both_executors_retry_on_one_schedule(int? limit, string? duration, double? factor, string? max, int attempts, double[] delays)
    {
        var stage = Stage(limit, duration, factor, max);

        Assert.Equal(attempts, StageRetries.MaxAttempts(stage));
        Assert.Equal(delays, Enumerable.Range(2, 4).Select(n => StageRetries.DelayBefore(stage, n).TotalSeconds));
    }
}
