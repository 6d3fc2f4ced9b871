using Sluice.Runtime.Queue;

namespace Sluice.Operator.Tests.Runtime;

public sealed class ExponentialFailureRateLimiterTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    [InlineData(18, 655_360)]
    [InlineData(19, 1_000_000)]
    [InlineData(200, 1_000_000)]
    public void The_nth_failure_waits_5ms_doubled_up_to_1000s(int failures, long expectedMilliseconds)
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++)
        {
            delay = limiter.When("ns/run");
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
        Assert.Equal(failures, limiter.NumRequeues("ns/run"));
    }

    [Fact]
    public void Keys_back_off_independently_and_forget_resets_one()
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        limiter.When("a");
        limiter.When("a");
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("b"));

        limiter.Forget("a");

        Assert.Equal(0, limiter.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("a"));
        Assert.Equal(1, limiter.NumRequeues("b"));
    }
}
