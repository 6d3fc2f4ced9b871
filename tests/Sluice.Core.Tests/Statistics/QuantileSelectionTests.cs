using Sluice.Core.Statistics;

namespace Sluice.Core.Tests.Statistics;

/// <summary>Deciles by selection must equal the numpy deciles of the sorted sample, bit for bit, on any input.</summary>
public sealed class QuantileSelectionTests
{
    public static TheoryData<string, double[]> Samples()
    {
        var random = new Random(7);
        return new TheoryData<string, double[]>
        {
            { "one value", [3.5] },
            { "two values", [2.0, 1.0] },
            { "eleven", [.. Enumerable.Range(0, 11).Select(i => (double)((i * 7) % 11))] },
            { "normal 100,003", [.. Enumerable.Range(0, 100_003).Select(_ => random.NextDouble() - random.NextDouble())] },
            { "heavy ties", [.. Enumerable.Range(0, 50_000).Select(_ => (double)random.Next(4))] },
            { "all equal", [.. Enumerable.Repeat(1.25, 1000)] },
            { "sorted", [.. Enumerable.Range(0, 30_000).Select(i => (double)i)] },
            { "reversed", [.. Enumerable.Range(0, 30_000).Select(i => (double)-i)] },
            { "organ pipe", [.. Enumerable.Range(0, 30_000).Select(i => (double)Math.Min(i, 30_000 - i))] },
            { "infinities", [double.NegativeInfinity, 1, 2, 3, double.PositiveInfinity, 4, 5, 6, 7, 8, 9, 10] },
        };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Selected_deciles_and_bin_counts_equal_the_sorted_ones(string name, double[] sample)
    {
        var sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        var expectedEdges = Quantiles.DecileEdges(sorted);
        var expectedCounts = Quantiles.BinCounts(sorted, expectedEdges);
        var scratch = (double[])sample.Clone();
        var edges = Quantiles.DecileEdgesInPlace(scratch);
        Assert.True(expectedEdges.SequenceEqual(edges), name);
        Assert.Equal(expectedCounts, Quantiles.BinCountsUnsorted(sample, edges));
        var reordered = (double[])scratch.Clone();
        Array.Sort(reordered);
        Assert.Equal(sorted, reordered);
    }

    [Fact]
    public void Selection_puts_every_requested_rank_in_its_sorted_place()
    {
        var random = new Random(11);
        double[] values = [.. Enumerable.Range(0, 10_007).Select(_ => Math.Round(random.NextDouble() * 500))];
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int[] ranks = [0, 1, 999, 1000, 5003, 10_005, 10_006];
        OrderStatistics.Select(values, ranks);
        foreach (var r in ranks)
        {
            Assert.Equal(sorted[r], values[r]);
            Assert.True(values.AsSpan(0, r).ToArray().All(v => v <= values[r]) && values.AsSpan(r).ToArray().All(v => v >= values[r]), $"rank {r}");
        }
    }
}
