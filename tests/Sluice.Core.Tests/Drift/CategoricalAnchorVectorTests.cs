using Sluice.Core.Drift;
using Sluice.Core.Statistics;

namespace Sluice.Core.Tests.Drift;

/// <summary>ANCHOR_VECTORS.md cases on counts and categories (V4, V7, V9–V13), with the anchors' tolerances or tighter.</summary>
public sealed class CategoricalAnchorVectorTests
{
    // V4: scipy chisquare docstring (goodness of fit; uniform expectation unless f_exp is given).
    [Theory]
    [InlineData(null, 0, 2.0, 0.84914503608460956)]
    [InlineData(new[] { 16.0, 16, 16, 16, 16, 8 }, 0, 3.5, 0.62338762774958223)]
    [InlineData(null, 1, 2.0, 0.7357588823428847)]
    public void V4_chisquare_goodness_of_fit(double[]? expectedCounts, int ddof, double statistic, double pValue)
    {
        var (s, p) = ChiSquared.GoodnessOfFit([16.0, 18, 16, 14, 12, 12], expectedCounts ?? default, ddof);
        Assert.Equal(statistic, s, 1e-12);
        Assert.Equal(pValue, p, 1e-12);
    }

    // V7: Evidently's chi-square stat test is a GOF test of current counts against the reference shares scaled to
    // the current size, so doubling the reference counts gives the same p; plus Hellinger on the same data.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void V7_evidently_chisquare_and_hellinger(int referenceScale)
    {
        double[] reference = [.. new[] { 16.0, 18, 16, 14, 12, 12 }.Select(c => c * referenceScale)];
        double[] current = [16.0, 16, 16, 16, 16, 8];
        var expected = reference.Select(r => r / reference.Sum() * current.Sum()).ToArray();
        var (s, p) = ChiSquared.GoodnessOfFit(current, expected);
        Assert.Equal(3.1746031746, s, 1e-10);
        Assert.Equal(0.6730876006966301, p, 1e-12);
        Assert.Equal(0.06812774370983345, Divergences.Hellinger(reference, current), 1e-12);
    }

    // V7 (L52-62): NaN is dropped, so identical samples give chi p = 1 and Hellinger 0.
    [Fact]
    public void V7_missing_values_are_dropped()
    {
        string?[] values = [.. Enumerable.Repeat("a", 10), .. Enumerable.Repeat("b", 10), .. Enumerable.Repeat<string?>(null, 10)];
        var present = values.OfType<string>().ToArray();
        var s = CategoricalStatistics.FromValues(present, present);
        Assert.Equal(1.0, s.Chi2PValue, 1e-12);
        Assert.Equal(0.0, Divergences.Hellinger([10.0, 10], [10.0, 10]), 1e-12);
    }

    // V9: Evidently z-test on ["a","a","b","b"] vs ["a","b","a",NaN] (NaN dropped): z = 0.44096, p = 0.6592430036926307.
    [Fact]
    public void V9_two_proportion_z_test_drops_missing()
    {
        string?[] current = ["a", "b", "a", null];
        var present = current.OfType<string>().ToArray();
        var (z, p) = ProportionZTest.TwoSided(2, 4, present.Count(v => v == "a"), present.Length);
        Assert.Equal(0.44096, Math.Abs(z), 1e-5);
        Assert.Equal(0.6592430036926307, p, 1e-12);
        Assert.True(p < 0.7, "Evidently reports drift at stattest_threshold 0.7");
    }

    // V9: categories absent from the reference make Evidently's GOF statistic infinite (p = 0); Sluice's homogeneity
    // test stays finite and names the unseen categories instead.
    [Fact]
    public void V9_unseen_categories_are_reported()
    {
        var s = CategoricalStatistics.FromValues(["1", "4", "5", "5"], ["3", "4"]);
        Assert.Equal(["3"], s.UnseenCategories);
        Assert.True(double.IsFinite(s.Chi2Statistic));
    }

    // V10: NannyML L-infinity (2 dp in NannyML; exact fractions here).
    [Theory]
    [InlineData("aabbccd", 1.0 / 7)]
    [InlineData("aabbcc", 0.0)]
    [InlineData("bbbbb", 2.0 / 3)]
    public void V10_linf(string analysis, double expected) =>
        Assert.Equal(expected, CategoricalStatistics.FromValues(Chars("aabbcc"), Chars(analysis)).Linf, 1e-12);

    // V11: TFDV L-infinity on frequency maps (EXPECT_NEAR 1e-5); shares given as counts out of 10.
    [Theory]
    [InlineData("", "", 0.0)]
    [InlineData("hello=1,world=9", "hello=3,world=7", 0.2)]
    [InlineData("b=9,c=1", "a=3,b=7", 0.3)]
    [InlineData("a=3,b=7", "b=9,c=1", 0.3)]
    public void V11_linf_on_frequency_maps(string training, string serving, double expected) =>
        Assert.Equal(expected, CategoricalStatistics.FromCounts(Counts(training), Counts(serving)).Linf, 1e-12);

    // V12: TFDV JS divergence base 2 (the square of the distance), EXPECT_NEAR 1e-5, on the rebucketed histograms.
    [Theory]
    [InlineData(new[] { .5, .5, 0, 0 }, new[] { 0, .25, .25, .5 }, 0.65563906222)]
    [InlineData(new[] { .25, .75 }, new[] { 0, 1.0 }, 0.13792538096)]
    [InlineData(new[] { 2.0, 2, 0, 0 }, new[] { 0, 0, 2.0, 2 }, 1.0)]
    [InlineData(new[] { 4.0, 0 }, new[] { 0, 4.0 }, 1.0)]
    [InlineData(new[] { 1.0, 1, 0 }, new[] { 1.0, 0, 1 }, 0.5)]
    [InlineData(new[] { 3.0, 5 }, new[] { 3.0, 5 }, 0.0)]
    public void V12_jensen_shannon_divergence_base2(double[] a, double[] b, double expected)
    {
        var distance = Divergences.JensenShannonBase2(a, b);
        Assert.Equal(expected, distance * distance, 1e-9);
    }

    // V12 RankHistogram: strings {b:2, a:2, c:1} vs {a:2, Z:1, Y:1, X:1} → 0.6.
    [Fact]
    public void V12_rank_histogram()
    {
        var js = CategoricalStatistics.FromCounts(Counts("b=2,a=2,c=1"), Counts("a=2,Z=1,Y=1,X=1")).JensenShannonBase2;
        Assert.Equal(0.6, js * js, 1e-12);
    }

    // V13: feature-engine PSI of categorical "C" = ["A","B","D","D"]·5 under the row split at 10 (≤ 1e-12 relative).
    [Fact]
    public void V13_categorical_psi()
    {
        var c = Enumerable.Range(0, 20).Select(i => "ABDD"[i % 4].ToString()).ToArray();
        var psi = CategoricalStatistics.FromValues(c[..10], c[10..]).Psi;
        Assert.True(Math.Abs(psi - 0.1621860432432657) <= 1e-12 * 0.1621860432432657, $"got {psi:R}");
    }

    private static string[] Chars(string s) => [.. s.Select(ch => ch.ToString())];

    private static Dictionary<string, long> Counts(string spec) =>
        spec.Length == 0 ? [] : spec.Split(',').Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
}
