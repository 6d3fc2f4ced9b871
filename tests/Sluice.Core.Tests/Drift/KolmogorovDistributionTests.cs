using Sluice.Core.Statistics;

namespace Sluice.Core.Tests.Drift;

/// <summary>kstwo.sf(x, n) values computed with scipy 1.10.1 (the asymptotic branch of ks_2samp).</summary>
public sealed class KolmogorovDistributionTests
{
    [Theory]
    [InlineData(5739, 0.0295, 8.990116004382203e-05)]
    [InlineData(500000, 0.001, 0.6989801443663661)]
    [InlineData(200000, 0.002, 0.39995085369038097)]
    [InlineData(20000, 0.005, 0.6974088406327613)]
    [InlineData(20000, 0.02, 2.2181270070049744e-07)]
    [InlineData(5000, 0.01, 0.6954557253913853)]
    [InlineData(1000, 0.03, 0.3226902143914636)]
    public void Two_sided_sf_matches_scipy_kstwo(int n, double x, double expected)
    {
        var actual = Kolmogorov.TwoSidedSf(n, x);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 || Math.Abs(actual - expected) <= 1e-9 * expected,
            $"kstwo.sf({x}, {n}): expected {expected:R}, got {actual:R}");
    }

    // scipy sums Birnbaum–Tingey in double-double; Sluice in double, which for n = 500,000 leaves ~1e-9 relative.
    [Fact]
    public void Upper_tail_for_very_large_n_matches_scipy_to_double_precision_of_the_sum()
    {
        const double expected = 0.0038544560212235442;
        var actual = Kolmogorov.TwoSidedSf(500000, 0.0025);
        Assert.True(Math.Abs(actual - expected) <= 2e-9 * expected, $"expected {expected:R}, got {actual:R}");
    }
}
