namespace Sluice.Core.Analysis;

/// <summary>
/// How far apart two versions' predictions are: the first Wasserstein (earth mover's) distance between the two
/// output distributions, from the cumulative buckets of <c>sluice_serving_prediction</c>, each bucket's rows taken
/// at its upper bound. It is the average amount, in output units, by which one version's predictions would have to
/// move to become the other's, so it is large when a model moves mass across the range (an inverted or constant
/// classifier) and small when two models merely place their confident answers at 0.93 rather than 0.97, which a
/// binned divergence (Jensen–Shannon over the same buckets) counts as a difference almost as large as inversion.
/// Rows above the last finite bound (the +Inf bucket) have no position and add nothing.
/// </summary>
public static class PredictionDistance
{
    /// <returns>The distance, or null when either arm has no rows or the two have different buckets.</returns>
    public static double? Wasserstein(IReadOnlyList<(double UpperBound, double Count)> a, IReadOnlyList<(double UpperBound, double Count)> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || a.Count != b.Count || a[^1].Count <= 0 || b[^1].Count <= 0)
        {
            return null;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!a[i].UpperBound.Equals(b[i].UpperBound))
            {
                return null;
            }
        }

        var sum = 0.0;
        for (var i = 0; i + 1 < a.Count && !double.IsPositiveInfinity(a[i + 1].UpperBound); i++)
        {
            var gap = Math.Abs(a[i].Count / a[^1].Count - b[i].Count / b[^1].Count);
            sum += gap * (a[i + 1].UpperBound - a[i].UpperBound);
        }

        return sum;
    }
}
