using Sluice.Core.Statistics;

namespace Sluice.Core.Tests.Statistics;

public sealed class BinomialTestTests
{
    [Theory]
    // k, n, p, scipy.stats.binom.sf(k - 1, n, p) (scipy 1.10)
    [InlineData(5, 200, 0.01, 0.05174626363078591)]
    [InlineData(7, 200, 0.01, 0.004295542328851564)]
    [InlineData(10, 200, 0.01, 4.014180884713425e-05)]
    [InlineData(37, 200, 0.01, 5.806476515190739e-35)]
    [InlineData(1, 100, 0.01, 0.6339676587267705)]
    [InlineData(3, 100, 0.01, 0.07937320225218046)]
    [InlineData(2, 200, 0.01, 0.5953543153279742)]
    [InlineData(150, 1000000, 0.0001, 1.8818188601004007e-06)]
    [InlineData(520, 50000, 0.01, 0.18991614354134395)]
    [InlineData(480, 50000, 0.01, 0.8213058596155147)]
    [InlineData(0, 10, 0.5, 1.0)]
    [InlineData(10, 10, 0.5, 0.0009765625)]
    [InlineData(6, 10, 0.5, 0.376953125)]
    [InlineData(11, 10, 0.5, 0.0)]
    public void The_upper_tail_matches_scipy(long k, long n, double p, double expected)
    {
        var tail = BinomialTest.UpperTail(k, n, p);

        Assert.True(Math.Abs(tail - expected) <= Math.Max(1e-300, expected * 1e-7), $"P(X >= {k}) = {tail}, scipy {expected}");
    }
}
