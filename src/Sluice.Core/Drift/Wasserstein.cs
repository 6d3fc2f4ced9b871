namespace Sluice.Core.Drift;

/// <summary>Wasserstein-1 between two empirical distributions, as scipy.stats.wasserstein_distance.</summary>
public static class Wasserstein
{
    /// <summary>The floor under the reference standard deviation in the normed form.</summary>
    public const double MinScale = 0.001;

    /// <summary>∫ |F_u − F_v| over the pooled sorted values; both inputs sorted ascending and non-empty.</summary>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        double nu = u.Length, nv = v.Length;
        int i = 0, j = 0;
        var total = 0.0;
        var previous = Math.Min(u[0], v[0]);
        // Walk the pooled values in order: between consecutive pooled values both ECDFs are constant.
        while (i < u.Length || j < v.Length)
        {
            var x = j >= v.Length || (i < u.Length && u[i] <= v[j]) ? u[i] : v[j];
            total += Math.Abs((i / nu) - (j / nv)) * (x - previous);
            previous = x;
            if (j >= v.Length || (i < u.Length && u[i] <= v[j]))
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return total;
    }

    /// <summary>
    /// Weighted W1 (scipy.stats.wasserstein_distance(u, v, u_weights, v_weights)): ∫ |U − V| where U and V are
    /// the weighted empirical CDFs; inputs in any order, weights non-negative with a positive sum.
    /// </summary>
    public static double Distance(ReadOnlySpan<double> u, ReadOnlySpan<double> uWeights, ReadOnlySpan<double> v, ReadOnlySpan<double> vWeights)
    {
        var us = Sorted(u, uWeights);
        var vs = Sorted(v, vWeights);
        double uTotal = us.Sum(x => x.Weight), vTotal = vs.Sum(x => x.Weight);
        double[] all = [.. us.Select(x => x.Value), .. vs.Select(x => x.Value)];
        Array.Sort(all);
        int i = 0, j = 0;
        double uCum = 0, vCum = 0, total = 0;
        for (var k = 0; k < all.Length - 1; k++)
        {
            // CDFs just right of all[k]: searchsorted(side="right") over the sorted values.
            while (i < us.Length && us[i].Value <= all[k])
            {
                uCum += us[i++].Weight;
            }

            while (j < vs.Length && vs[j].Value <= all[k])
            {
                vCum += vs[j++].Weight;
            }

            total += Math.Abs((uCum / uTotal) - (vCum / vTotal)) * (all[k + 1] - all[k]);
        }

        return total;
    }

    private static (double Value, double Weight)[] Sorted(ReadOnlySpan<double> values, ReadOnlySpan<double> weights)
    {
        if (values.Length != weights.Length || values.IsEmpty)
        {
            throw new ArgumentException("values and weights must be non-empty and of the same length");
        }

        var pairs = new (double Value, double Weight)[values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            pairs[k] = (values[k], weights[k]);
        }

        Array.Sort(pairs, (a, b) => a.Value.CompareTo(b.Value));
        return pairs;
    }

    /// <summary>W1 / max(population std of the reference, 0.001).</summary>
    public static double Normed(double distance, double referenceStd) => distance / Math.Max(referenceStd, MinScale);
}
