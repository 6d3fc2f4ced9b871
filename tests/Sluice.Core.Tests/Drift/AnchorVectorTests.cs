using Sluice.Core.Drift;
using Sluice.Core.Statistics;

namespace Sluice.Core.Tests.Drift;

/// <summary>Published values from ANCHOR_VECTORS.md (scipy and Evidently tests and docs), with their tolerances.</summary>
public sealed class AnchorVectorTests
{
    // V1: scipy jensenshannon docstring, base 2 where given, else the derived base-2 value.
    [Theory]
    [InlineData(new[] { 1.0, 0, 0 }, new[] { 0.0, 1, 0 }, 1.0)]
    [InlineData(new[] { 1.0, 0 }, new[] { 0.5, 0.5 }, 0.5579230452841438)]
    [InlineData(new[] { 1.0, 0, 0 }, new[] { 1.0, 0, 0 }, 0.0)]
    public void V1_jensen_shannon_base2(double[] p, double[] q, double expected) =>
        Assert.Equal(expected, Divergences.JensenShannonBase2(p, q), 1e-12);

    // V2: scipy wasserstein_distance unweighted cases (rtol 1e-7 in scipy; exact here).
    [Theory]
    [InlineData(new[] { 0.0, 1, 3 }, new[] { 5.0, 6, 8 }, 5.0)]
    [InlineData(new[] { 0.0, 1, 2 }, new[] { 1.0, 2, 3 }, 1.0)]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 2.0, 1, 3 }, 0.0)]
    [InlineData(new[] { 0.0 }, new[] { 1.0 }, 1.0)]
    [InlineData(new[] { -5.0 }, new[] { 5.0 }, 10.0)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 11.0, 12, 13, 14, 15 }, 10.0)]
    public void V2_wasserstein(double[] u, double[] v, double expected)
    {
        Array.Sort(u);
        Array.Sort(v);
        Assert.Equal(expected, Wasserstein.Distance(u, v), 1e-12);
    }

    [Fact]
    public void V2_normed_wasserstein_of_the_docstring_case() =>
        Assert.Equal(4.0089186286863665, NumericStatistics.Compute([0, 1, 3], [5, 6, 8]).WassersteinNormed, 1e-12);

    public static TheoryData<double[], double[], double, double> V3Cases()
    {
        var x100 = Linspace(1, 100, 100);
        var x110 = Linspace(1, 100, 110);
        double[] x2233 = [.. Enumerable.Repeat(2.0, 3), .. Enumerable.Repeat(3.0, 4), .. Enumerable.Repeat(5.0, 5), .. Enumerable.Repeat(6.0, 4)];
        double[] x2356 = [.. Enumerable.Repeat(2.0, 3), .. Enumerable.Repeat(3.0, 4), .. Enumerable.Repeat(5.0, 10), .. Enumerable.Repeat(6.0, 4)];
        double[] x3467 = [.. Enumerable.Repeat(3.0, 10), .. Enumerable.Repeat(4.0, 2), .. Enumerable.Repeat(6.0, 10), .. Enumerable.Repeat(7.0, 4)];
        return new TheoryData<double[], double[], double, double>
        {
            { [0.0], [1.0], 1.0, 1.0 },
            { [1.01, 2.01], [1.0, 2, 3, 4], 2.0 / 4, 14.0 / 15 },
            { [0.99, 1.99], [1.0, 2, 3, 4], 3.0 / 4, 6.0 / 15 },
            { x100, [.. x110.Select(v => v + 20 + 0.1)], 232.0 / 1100, 0.015739183865607353 },
            { x100, [.. x110.Select(v => v + 20 - 0.1)], 229.0 / 1100, 0.017803803861026313 },
            { x2233, [.. x2233.Select(v => v + 1)], 5.0 / 16, 0.4262934613454952 },
            { x2356, x3467, 190.0 / 21 / 26, 0.0919245790168125 },
            { [1.0, 2, 3], [2.0, 3, 4], 1.0 / 3, 1.0 },
        };
    }

    // V3: scipy ks_2samp tests; statistic to default rtol, p-value atol 1e-14 as scipy's own test.
    [Theory]
    [MemberData(nameof(V3Cases))]
    public void V3_ks_2samp_two_sided(double[] a, double[] b, double d, double p)
    {
        var sa = (double[])a.Clone();
        var sb = (double[])b.Clone();
        Array.Sort(sa);
        Array.Sort(sb);
        var result = KolmogorovSmirnov.TwoSampleSorted(sa, sb);
        Assert.Equal(d, result.Statistic, 1e-12);
        Assert.True(Math.Abs(p - result.PValue) <= 1e-14, $"p expected {p:R}, got {result.PValue:R}");
    }

    // V8: Evidently PSI with the 1e-4 empty-bin share, categorical.
    [Fact]
    public void V8_psi_with_empty_bin_share() =>
        Assert.Equal(2.9341472484810085,
            CategoricalStatistics.FromValues(["3", "2", "2"], ["1", "2", "3"]).Psi, 1e-12);

    // V5: chi2_contingency docstring: [[10, 10, 20], [20, 20, 20]] → statistic 2.7777777777777777, p 0.24935220877729619.
    [Fact]
    public void V5_chi2_contingency()
    {
        var s = CategoricalStatistics.FromCounts(
            new Dictionary<string, long> { ["a"] = 10, ["b"] = 10, ["c"] = 20 },
            new Dictionary<string, long> { ["a"] = 20, ["b"] = 20, ["c"] = 20 });
        Assert.Equal(2, s.Chi2Dof);
        Assert.Equal(2.7777777777777777, s.Chi2Statistic, 1e-12);
        Assert.Equal(0.24935220877729619, s.Chi2PValue, 1e-12);
    }

    private static double[] Linspace(double start, double stop, int n) =>
        [.. Enumerable.Range(0, n).Select(i => start + ((stop - start) * i / (n - 1)))];
}
