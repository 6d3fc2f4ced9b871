namespace Sluice.Core.Statistics;

/// <summary>Quantiles exactly as numpy's default (<c>method="linear"</c>) computes them.</summary>
public static class Quantiles
{
    /// <summary>The deciles 0.1 … 0.9 as numpy spells the literals.</summary>
    public static readonly double[] DecileLevels = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>numpy.quantile(sorted, q) with linear interpolation; <paramref name="sorted"/> ascending, non-empty.</summary>
    public static double Linear(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        var virtualIndex = (n - 1) * q;
        var lo = Math.Floor(virtualIndex);
        var gamma = virtualIndex - lo;
        var i = (int)lo;
        return Lerp(sorted[i], sorted[Math.Min(i + 1, n - 1)], gamma);
    }

    // numpy's _lerp: from the lower end below 0.5, from the upper end above, for symmetric rounding.
    private static double Lerp(double a, double b, double gamma)
    {
        var diff = b - a;
        return gamma >= 0.5 ? b - (diff * (1 - gamma)) : a + (diff * gamma);
    }

    /// <summary>Decile edges of a sorted sample with duplicates removed (the inner edges of the 10 bins).</summary>
    public static double[] DecileEdges(ReadOnlySpan<double> sorted)
    {
        var edges = new List<double>(DecileLevels.Length);
        foreach (var q in DecileLevels)
        {
            var e = Linear(sorted, q);
            if (edges.Count == 0 || edges[^1] != e)
            {
                edges.Add(e);
            }
        }

        return [.. edges];
    }

    /// <summary>
    /// The same edges as <see cref="DecileEdges"/> from unsorted values, reordering <paramref name="values"/> in place
    /// (only the order statistics the deciles need are placed, see <see cref="OrderStatistics"/>).
    /// </summary>
    public static double[] DecileEdgesInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            throw new ArgumentException("deciles need at least one value", nameof(values));
        }

        var ranks = new SortedSet<int>();
        foreach (var q in DecileLevels)
        {
            var lo = (int)Math.Floor((n - 1) * q);
            ranks.Add(lo);
            ranks.Add(Math.Min(lo + 1, n - 1));
        }

        OrderStatistics.Select(values, [.. ranks]);
        var edges = new List<double>(DecileLevels.Length);
        foreach (var q in DecileLevels)
        {
            var virtualIndex = (n - 1) * q;
            var lo = Math.Floor(virtualIndex);
            var e = Lerp(values[(int)lo], values[Math.Min((int)lo + 1, n - 1)], virtualIndex - lo);
            if (edges.Count == 0 || edges[^1] != e)
            {
                edges.Add(e);
            }
        }

        return [.. edges];
    }

    /// <summary>Counts in the right-closed bins of <see cref="BinCounts"/>, from values in any order.</summary>
    public static long[] BinCountsUnsorted(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length + 1];
        foreach (var v in values)
        {
            // The first edge ≥ v closes v's bin.
            int lo = 0, hi = edges.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (edges[mid] < v)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            counts[lo]++;
        }

        return counts;
    }

    /// <summary>Counts in the right-closed bins (−∞, e0], (e0, e1], …, (eLast, +∞) of a sorted sample.</summary>
    public static long[] BinCounts(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges)
    {
        var counts = new long[edges.Length + 1];
        var previous = 0;
        for (var k = 0; k < edges.Length; k++)
        {
            var upTo = UpperBound(sorted, edges[k]);
            counts[k] = upTo - previous;
            previous = upTo;
        }

        counts[edges.Length] = sorted.Length - previous;
        return counts;
    }

    /// <summary>Index of the first element greater than <paramref name="value"/>.</summary>
    public static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
