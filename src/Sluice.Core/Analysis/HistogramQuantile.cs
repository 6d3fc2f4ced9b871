namespace Sluice.Core.Analysis;

/// <summary>
/// A quantile from cumulative histogram buckets as PromQL's <c>histogram_quantile</c> computes it
/// (promql/quantile.go, bucketQuantile): linear inside the bucket that holds the rank, 0 as the first bucket's lower
/// bound, the highest finite bound when the rank falls in +Inf, NaN without observations, without a +Inf bucket or
/// with fewer than two buckets. Buckets whose counts drop (a scrape mixing two moments) are made monotonic first.
/// </summary>
public static class HistogramQuantile
{
    public static double Of(double quantile, IEnumerable<(double UpperBound, double Count)> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (double.IsNaN(quantile))
        {
            return double.NaN;
        }

        if (quantile < 0)
        {
            return double.NegativeInfinity;
        }

        if (quantile > 1)
        {
            return double.PositiveInfinity;
        }

        var sorted = buckets.GroupBy(b => b.UpperBound).Select(g => (UpperBound: g.Key, Count: g.Sum(b => b.Count))).OrderBy(b => b.UpperBound).ToList();
        if (sorted.Count < 2 || !double.IsPositiveInfinity(sorted[^1].UpperBound))
        {
            return double.NaN;
        }

        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].Count < sorted[i - 1].Count)
            {
                sorted[i] = (sorted[i].UpperBound, sorted[i - 1].Count);
            }
        }

        var observations = sorted[^1].Count;
        if (observations == 0)
        {
            return double.NaN;
        }

        var rank = quantile * observations;
        var b = sorted.FindIndex(x => x.Count >= rank);
        if (b == sorted.Count - 1)
        {
            return sorted[^2].UpperBound;
        }

        if (b == 0 && sorted[0].UpperBound <= 0)
        {
            return sorted[0].UpperBound;
        }

        var (start, end, count) = (0.0, sorted[b].UpperBound, sorted[b].Count);
        if (b > 0)
        {
            start = sorted[b - 1].UpperBound;
            count -= sorted[b - 1].Count;
            rank -= sorted[b - 1].Count;
        }

        return start + ((end - start) * (rank / count));
    }

    /// <summary>The share of observations at or below <paramref name="bound"/>, for a bound that is a bucket edge (no interpolation).</summary>
    public static double? ShareAtOrBelow(double bound, IEnumerable<(double UpperBound, double Count)> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var list = buckets.ToList();
        var total = list.Where(b => double.IsPositiveInfinity(b.UpperBound)).Select(b => b.Count).DefaultIfEmpty(0).Sum();
        var edge = list.Where(b => b.UpperBound == bound).Select(b => (double?)b.Count).FirstOrDefault();
        return total == 0 || edge is null ? null : edge / total;
    }

    /// <summary>
    /// How many observations lie above <paramref name="bound"/>, linear inside the bucket that holds it as
    /// <see cref="Of"/> assumes (0 as the first bucket's lower bound); beyond the last finite bound, the +Inf bucket's.
    /// </summary>
    public static double CountAbove(double bound, IEnumerable<(double UpperBound, double Count)> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var sorted = buckets.GroupBy(b => b.UpperBound).Select(g => (UpperBound: g.Key, Count: g.Sum(b => b.Count))).OrderBy(b => b.UpperBound).ToList();
        if (sorted.Count == 0 || !double.IsPositiveInfinity(sorted[^1].UpperBound))
        {
            return 0;
        }

        var total = sorted[^1].Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, count) in sorted)
        {
            if (double.IsPositiveInfinity(upper))
            {
                return Math.Max(0, total - below);
            }

            if (bound <= upper)
            {
                var inside = Math.Max(0, count - below);
                var share = upper > lower ? Math.Clamp((bound - lower) / (upper - lower), 0, 1) : 1;
                return Math.Max(0, total - below - (inside * share));
            }

            (lower, below) = (upper, Math.Max(below, count));
        }

        return 0;
    }
}
