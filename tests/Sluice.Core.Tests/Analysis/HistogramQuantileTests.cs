using Sluice.Core.Analysis;

namespace Sluice.Core.Tests.Analysis;

public sealed class HistogramQuantileTests
{
    private static (double, double)[] Buckets(string text) => [.. text.Split(' ').Select(b =>
    {
        var (le, count) = (b.Split(':')[0], b.Split(':')[1]);
        return (le == "+Inf" ? double.PositiveInfinity : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture), double.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    })];

    [Theory]
    // quantile, cumulative buckets le:count -> value (PromQL histogram_quantile)
    [InlineData(0.99, "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200", 0.4375)]   // the design notes' worked example
    [InlineData(0.5, "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200", 0.0642857143)] // rank 100 in (0.05, 0.1]: 0.05 + 0.05·20/70
    [InlineData(0.2, "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200", 0.025)]     // the first bucket starts at 0
    [InlineData(0.999, "0.1:10 0.5:10 +Inf:20", 0.5)]                         // in +Inf: the highest finite bound
    [InlineData(0.5, "-1:5 0:8 +Inf:10", -1)]                                 // a first bound at or below 0 is returned as is
    [InlineData(0.5, "0.1:0 +Inf:0", double.NaN)]                             // no observations
    [InlineData(0.5, "0.1:5 0.5:10", double.NaN)]                             // no +Inf bucket
    [InlineData(0.5, "+Inf:10", double.NaN)]                                  // fewer than two buckets
    [InlineData(1.5, "0.1:5 +Inf:10", double.PositiveInfinity)]
    [InlineData(-0.5, "0.1:5 +Inf:10", double.NegativeInfinity)]
    [InlineData(0.5, "0.1:6 0.2:4 +Inf:10", 0.0833333333)]                    // a dip is made monotonic (0.2:6) first
    public void Quantiles_follow_PromQL(double quantile, string buckets, double expected) =>
        Assert.Equal(expected, HistogramQuantile.Of(quantile, Buckets(buckets)), 6);

    [Fact]
    public void The_exact_form_reads_the_share_at_a_bucket_edge()
    {
        var buckets = Buckets("0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200");

        Assert.Equal(0.975, HistogramQuantile.ShareAtOrBelow(0.25, buckets));
        Assert.Null(HistogramQuantile.ShareAtOrBelow(0.3, buckets));
    }

    [Theory]
    // bound, cumulative buckets -> observations above the bound, linear inside its bucket as histogram_quantile assumes
    [InlineData(0.25, "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200", 5)]         // at an edge: exact
    [InlineData(0.175, "0.05:80 0.1:150 0.25:195 0.5:199 +Inf:200", 27.5)]     // half of (0.1, 0.25]'s 45 above
    [InlineData(0.025, "0.05:80 0.1:150 +Inf:200", 160)]                       // the first bucket starts at 0
    [InlineData(0.6, "0.05:80 0.5:199 +Inf:200", 1)]                           // beyond the last finite bound: +Inf's
    [InlineData(0.1, "0.05:80 0.5:199", 0)]                                    // no +Inf bucket
    [InlineData(0.1, "0.05:0 +Inf:0", 0)]
    public void Counts_above_a_bound_interpolate_like_the_quantile(double bound, string buckets, double expected) =>
        Assert.Equal(expected, HistogramQuantile.CountAbove(bound, Buckets(buckets)), 6);
}
