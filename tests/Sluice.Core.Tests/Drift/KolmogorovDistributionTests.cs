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

    // V3c [derived]: the asymptotic route of ks_2samp for x100 vs x110 + 20.1, kstwo.sf(232/1100, 52) in scipy 1.10.1,
    // which takes Pomeranz's exact recursion for n ≤ 140 (2·smirnov would be off in the fifth digit).
    [Fact]
    public void Small_n_uses_the_exact_pomeranz_recursion() =>
        Assert.Equal(0.016541419540219482, Kolmogorov.TwoSidedSf(52, 232.0 / 1100), 1e-12);

    // Marsaglia, Tsang & Wang (2003), the worked example of their paper: K(10, 0.274) = 0.6284796154565043.
    [Fact]
    public void Durbin_matrix_reproduces_the_published_example() =>
        Assert.Equal(0.6284796154565043, KolmogorovExact.DurbinCdf(10, 0.274), 1e-14);

    // Two exact methods computed differently must agree wherever both apply.
    [Theory]
    [InlineData(10, 0.274)]
    [InlineData(52, 0.1)]
    [InlineData(52, 0.2109)]
    [InlineData(100, 0.05)]
    [InlineData(140, 0.03)]
    [InlineData(7, 0.4)]
    public void Durbin_and_pomeranz_agree(int n, double x) =>
        Assert.Equal(KolmogorovExact.DurbinCdf(n, x), KolmogorovExact.PomeranzCdf(n, x), 1e-13);

    // Ruben–Gambino closed form P(D_n ≤ d) = n!/n^n·(2nd − 1)^n for 1/(2n) ≤ d ≤ 1/n, which the exact methods must meet.
    [Theory]
    [InlineData(5, 0.15)]
    [InlineData(20, 0.04)]
    public void Exact_methods_meet_the_closed_form_at_the_lower_end(int n, double d)
    {
        var closed = 1.0;
        for (var i = 1; i <= n; i++)
        {
            closed *= i / (double)n * ((2 * n * d) - 1);
        }

        Assert.Equal(closed, KolmogorovExact.DurbinCdf(n, d), 1e-14);
        Assert.Equal(closed, KolmogorovExact.PomeranzCdf(n, d), 1e-14);
    }

    // Near p ≈ 1 for large n Durbin's matrix is exact where Pelz–Good has only asymptotic accuracy; they must still
    // be close, and the survival function must take the exact route there.
    [Theory]
    [InlineData(5739, 0.003)]
    [InlineData(50000, 0.0009)]
    public void Near_one_the_exact_matrix_is_used(int n, double x)
    {
        var exact = 1.0 - KolmogorovExact.DurbinCdf(n, x);
        Assert.Equal(exact, Kolmogorov.TwoSidedSf(n, x), 1e-15);
        Assert.Equal(exact, 1.0 - Kolmogorov.PelzGoodCdf(n, x), 1e-6);
    }
}
