namespace Sluice.Core.Statistics;

/// <summary>
/// Two-proportion z-test with the pooled proportion, two-sided, as Evidently's "z" stat test for binary
/// categorical features (statsmodels proportions_ztest).
/// </summary>
public static class ProportionZTest
{
    /// <summary>z of the current share against the reference share of one category, and its two-sided p-value.</summary>
    public static (double Z, double PValue) TwoSided(long referenceHits, long referenceTotal, long currentHits, long currentTotal)
    {
        if (referenceTotal <= 0 || currentTotal <= 0)
        {
            throw new ArgumentException("the z-test needs at least one value in each sample");
        }

        double p1 = (double)referenceHits / referenceTotal, p2 = (double)currentHits / currentTotal;
        var pooled = (double)(referenceHits + currentHits) / (referenceTotal + currentTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / referenceTotal) + (1.0 / currentTotal)));
        if (se == 0)
        {
            return (0, 1.0);
        }

        var z = (p1 - p2) / se;
        // P(|Z| > |z|) for a standard normal Z is the chi-squared(1) survival function at z².
        return (z, ChiSquared.Sf(z * z, 1));
    }
}
