using Sluice.Core.Drift;
using Sluice.Core.Profiles;
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

    // V1: the natural-log scalar case, full repr (tol 1e-12).
    [Fact]
    public void V1_jensen_shannon_natural_log() =>
        Assert.Equal(0.46450140402245893, Divergences.JensenShannon([1.0, 0], [0.5, 0.5], Math.E), 1e-12);

    // V1: the array cases normalise unnormalised counts (columns for axis=0, rows for axis=1); 7 decimals.
    [Theory]
    [InlineData(new[] { 1.0, 5, 9 }, new[] { 13.0, 17, 21 }, 0.1954288)]
    [InlineData(new[] { 2.0, 6, 10 }, new[] { 14.0, 18, 22 }, 0.1447697)]
    [InlineData(new[] { 3.0, 7, 11 }, new[] { 15.0, 19, 23 }, 0.1138377)]
    [InlineData(new[] { 4.0, 8, 12 }, new[] { 16.0, 20, 24 }, 0.0927636)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { 13.0, 14, 15, 16 }, 0.1402339)]
    [InlineData(new[] { 5.0, 6, 7, 8 }, new[] { 17.0, 18, 19, 20 }, 0.0399106)]
    [InlineData(new[] { 9.0, 10, 11, 12 }, new[] { 21.0, 22, 23, 24 }, 0.0201815)]
    public void V1_jensen_shannon_of_unnormalised_counts(double[] p, double[] q, double expected) =>
        Assert.Equal(expected, Divergences.JensenShannon(p, q, Math.E), 5e-8);

    // V2: scipy wasserstein_distance with weights (docstring and TestWassersteinDistance; rtol 1e-7 there).
    [Theory]
    [InlineData(new[] { 0.0, 1 }, new[] { 3.0, 1 }, new[] { 0.0, 1 }, new[] { 2.0, 2 }, 0.25)]
    [InlineData(new[] { 3.4, 3.9, 7.5, 7.8 }, new[] { 1.4, 0.9, 3.1, 7.2 }, new[] { 4.5, 1.4 }, new[] { 3.2, 3.5 }, 4.0781331438047861)]
    [InlineData(new[] { 0.0, 1 }, new[] { 1.0, 1 }, new[] { 0.0 }, new[] { 1.0 }, 0.5)]
    [InlineData(new[] { 0.0, 1 }, new[] { 3.0, 1 }, new[] { 0.0 }, new[] { 1.0 }, 0.25)]
    [InlineData(new[] { 0.0, 2 }, new[] { 1.0, 1 }, new[] { 0.0 }, new[] { 1.0 }, 1.0)]
    [InlineData(new[] { 1.0, 1, 1, 4 }, new[] { 1.0, 1, 1, 1 }, new[] { 4.0, 1 }, new[] { 1.0, 3 }, 0.0)]
    [InlineData(new[] { 4.5, 6.7, 2.1 }, new[] { 3.0, 1, 1 }, new[] { 4.6, 7, 9.2 }, new[] { 1.0, 3, 1 }, 2.5)]
    public void V2_weighted_wasserstein(double[] u, double[] uw, double[] v, double[] vw, double expected)
    {
        var actual = Wasserstein.Distance(u, uw, v, vw);
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }

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

    // V3f testLarge: exact branch (n1 = 10,000). D to default rtol; the p-value differs between scipy versions
    // (4.2e-15 in the test, 6.26e-26 in scipy 1.10.1), so the anchor only supports "p < 1e-14".
    [Fact]
    public void V3f_ks_2samp_large()
    {
        const double delta = 1.0 / 10000 / 110 / 4;
        var x = Linspace(1, 200, 10000).Select(v => v - delta).ToArray();
        var y = Linspace(2, 100, 110);
        var result = KolmogorovSmirnov.TwoSampleSorted(x, y);
        Assert.Equal(55275.0 / 110000, result.Statistic, 1e-12);
        Assert.True(result.Exact);
        Assert.InRange(result.PValue, 0, 1e-14);
    }

    // V3 (Evidently registry test): which test the defaults pick for each reference sample.
    public static TheoryData<FeatureSample, string> DefaultSelectionCases() => new()
    {
        { Numeric([.. Enumerable.Range(1, 11).Select(i => (double)i)]), "ks" },
        { Numeric([.. Enumerable.Repeat(Enumerable.Range(1, 11), 1000).SelectMany(r => r).Select(i => (double)i)]), "wasserstein" },
        { Categorical(new Dictionary<string, long> { ["a"] = 10, ["b"] = 10, ["c"] = 10 }), "chi2" },
        { Categorical(new Dictionary<string, long> { ["a"] = 10_000, ["b"] = 10_000 }), "js" },
    };

    [Theory]
    [MemberData(nameof(DefaultSelectionCases))]
    public void V3_default_method_selection(FeatureSample sample, string expectedMethod)
    {
        var report = DriftEvaluator.Evaluate([sample], [sample], [], MultipleTestingCorrection.None);
        Assert.Equal(expectedMethod, report.Features.Single().Method);
        Assert.False(report.DatasetDrift);
    }

    // V6: scipy entropy docstring, exact to rtol 4e-16 against the closed form there; 1e-15 relative here.
    [Fact]
    public void V6_relative_entropy_and_entropy_base2()
    {
        Assert.Equal(0.7369655941662062, Divergences.RelativeEntropy([0.5, 0.5], [0.9, 0.1], 2), 1e-15);
        Assert.Equal(0.46899559358928117, Divergences.Entropy([0.9, 0.1], 2), 1e-15);
    }

    // V13: feature-engine DropHighPSIFeatures, numeric "A" = 0..19 under each split (≤ 1e-12 relative).
    public static TheoryData<string, double[], double[], double> V13NumericCases()
    {
        var a = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        double[] b = [.. Enumerable.Range(0, 20).Select(i => (i % 4) is 0 or 3 ? 1.0 : 2.0)];
        var c = Enumerable.Range(0, 20).Select(i => "ABDD"[i % 4]).ToArray();
        return new TheoryData<string, double[], double[], double>
        {
            { "A by time", a[..10], a[10..], 8.283089355027482 },
            { "A by B", [.. a.Where((_, i) => b[i] <= 1.5)], [.. a.Where((_, i) => b[i] > 1.5)], 3.0375978817052403 },
            { "A by C", [.. a.Where((_, i) => c[i] <= 'B')], [.. a.Where((_, i) => c[i] > 'B')], 2.27819841127893 },
            { "B by A", b[..10], b[10..], 0.0 },
            { "B by C", [.. b.Where((_, i) => c[i] <= 'B')], [.. b.Where((_, i) => c[i] > 'B')], 0.0 },
        };
    }

    [Theory]
    [MemberData(nameof(V13NumericCases))]
    public void V13_psi_on_basis_deciles(string split, double[] basis, double[] test, double expected)
    {
        var actual = NumericStatistics.Compute(basis, test).PsiDeciles;
        Assert.True(Math.Abs(actual - expected) <= 1e-12 * expected || actual == expected, $"{split}: expected {expected:R}, got {actual:R}");
    }

    // V13 auto threshold: chi2.isf(p, bins − 1) · (1/N + 1/M), math.isclose (rel 1e-9).
    [Theory]
    [InlineData(0.001, 10, 500, 500, 0.11150865948502628)]
    [InlineData(0.05, 32, 1000, 1500, 0.07497557213394188)]
    [InlineData(0.01, 42, 777, 666, 0.18111345503169146)]
    public void V13_psi_auto_threshold(double p, int bins, int n, int m, double expected)
    {
        var actual = ChiSquared.Isf(p, bins - 1) * ((1.0 / n) + (1.0 / m));
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * expected, $"expected {expected:R}, got {actual:R}");
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

    // numpy.linspace: i·step + start with step = (stop − start)/(n − 1), the last value exactly stop.
    private static double[] Linspace(double start, double stop, int n)
    {
        var step = (stop - start) / (n - 1);
        var values = Enumerable.Range(0, n).Select(i => (i * step) + start).ToArray();
        values[^1] = stop;
        return values;
    }

    private static FeatureSample Numeric(double[] values) => new("x", FeatureKind.Numeric, 0) { Values = values };

    private static FeatureSample Categorical(Dictionary<string, long> counts) => new("x", FeatureKind.Categorical, 0) { Categories = counts };
}
