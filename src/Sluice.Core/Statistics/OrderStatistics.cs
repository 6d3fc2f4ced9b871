namespace Sluice.Core.Statistics;

/// <summary>
/// Puts the values at chosen ranks in their sorted places without sorting the rest (multi-quickselect): every
/// value left of a chosen rank is ≤ it and every value right of it ≥ it. About n·log₂(ranks) comparisons instead of
/// n·log₂(n), which is what makes deciles of large samples cheap.
/// </summary>
public static class OrderStatistics
{
    private const int SortThreshold = 24;

    /// <summary><paramref name="ranks"/> ascending, each in [0, values.Length); NaN must not occur.</summary>
    public static void Select(Span<double> values, ReadOnlySpan<int> ranks)
    {
        if (values.Length > 1 && !ranks.IsEmpty)
        {
            // Depth budget as in introsort: degenerate pivots fall back to a full sort of the range.
            Select(values, 0, ranks, 2 * (int)Math.Log2(values.Length) + 4);
        }
    }

    // values is a window of the original array starting at offset; ranks are absolute, ascending.
    private static void Select(Span<double> values, int offset, ReadOnlySpan<int> ranks, int depth)
    {
        while (true)
        {
            if (values.Length <= SortThreshold || depth-- == 0)
            {
                values.Sort();
                return;
            }

            var (lessEnd, greaterStart) = Partition(values);
            // [0, lessEnd) ≤ pivot, [lessEnd, greaterStart) == pivot, [greaterStart, n) ≥ pivot.
            var leftCount = CountBelow(ranks, offset + lessEnd);
            var middleCount = CountBelow(ranks, offset + greaterStart) - leftCount;
            var left = ranks[..leftCount];
            var right = ranks[(leftCount + middleCount)..];
            if (!left.IsEmpty && !right.IsEmpty)
            {
                // Recurse into the smaller side, loop on the larger, to bound the stack.
                if (lessEnd < values.Length - greaterStart)
                {
                    Select(values[..lessEnd], offset, left, depth);
                    values = values[greaterStart..];
                    offset += greaterStart;
                    ranks = right;
                }
                else
                {
                    Select(values[greaterStart..], offset + greaterStart, right, depth);
                    values = values[..lessEnd];
                    ranks = left;
                }
            }
            else if (!left.IsEmpty)
            {
                values = values[..lessEnd];
                ranks = left;
            }
            else if (!right.IsEmpty)
            {
                values = values[greaterStart..];
                offset += greaterStart;
                ranks = right;
            }
            else
            {
                return;
            }
        }
    }

    private static int CountBelow(ReadOnlySpan<int> ranks, int bound)
    {
        var count = 0;
        while (count < ranks.Length && ranks[count] < bound)
        {
            count++;
        }

        return count;
    }

    // Three-way (Dutch flag) partition around the median of three, so runs of ties cost one pass.
    private static (int LessEnd, int GreaterStart) Partition(Span<double> values)
    {
        var n = values.Length;
        double a = values[0], b = values[n / 2], c = values[n - 1];
        var pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        int lt = 0, i = 0, gt = n;
        while (i < gt)
        {
            var v = values[i];
            if (v < pivot)
            {
                values[i] = values[lt];
                values[lt] = v;
                lt++;
                i++;
            }
            else if (v > pivot)
            {
                gt--;
                values[i] = values[gt];
                values[gt] = v;
            }
            else
            {
                i++;
            }
        }

        return (lt, gt);
    }
}
