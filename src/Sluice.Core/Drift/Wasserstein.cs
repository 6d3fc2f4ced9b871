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

    /// <summary>W1 / max(population std of the reference, 0.001).</summary>
    public static double Normed(double distance, double referenceStd) => distance / Math.Max(referenceStd, MinScale);
}
