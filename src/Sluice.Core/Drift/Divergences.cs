namespace Sluice.Core.Drift;

/// <summary>PSI and Jensen–Shannon distance on two vectors of bin or category counts, with Sluice's conventions.</summary>
public static class Divergences
{
    /// <summary>Share that replaces an empty bin's zero in PSI, on either side, without renormalising.</summary>
    public const double EmptyBinShare = 1e-4;

    /// <summary>PSI = Σ (q − p)·ln(q / p) over shares; p from the reference, q from the current sample.</summary>
    public static double Psi(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        var refTotal = Sum(referenceCounts);
        var curTotal = Sum(currentCounts);
        var psi = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] / refTotal;
            var q = currentCounts[i] / curTotal;
            p = p == 0 ? EmptyBinShare : p;
            q = q == 0 ? EmptyBinShare : q;
            psi += (q - p) * Math.Log(q / p);
        }

        return psi;
    }

    /// <summary>Jensen–Shannon distance, base 2 (scipy.spatial.distance.jensenshannon(p, q, base=2)).</summary>
    public static double JensenShannonBase2(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts) =>
        JensenShannon(referenceCounts, currentCounts, 2.0);

    /// <summary>
    /// scipy.spatial.distance.jensenshannon(p, q, base): both count vectors normalised to shares first;
    /// <paramref name="logBase"/> e gives the natural-log distance scipy uses when no base is given.
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts, double logBase)
    {
        var refTotal = Sum(referenceCounts);
        var curTotal = Sum(currentCounts);
        var total = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var p = referenceCounts[i] / refTotal;
            var q = currentCounts[i] / curTotal;
            var m = (p + q) / 2.0;
            total += RelEntr(p, m) + RelEntr(q, m);
        }

        var js = total / 2.0 / Math.Log(logBase);
        return Math.Sqrt(Math.Max(js, 0));
    }

    /// <summary>Kullback–Leibler divergence Σ p·log(p/q) of the normalised shares (scipy.stats.entropy(pk, qk, base)).</summary>
    public static double RelativeEntropy(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double logBase)
    {
        var pTotal = Sum(p);
        var qTotal = Sum(q);
        var total = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            total += RelEntr(p[i] / pTotal, q[i] / qTotal);
        }

        return total / Math.Log(logBase);
    }

    /// <summary>Shannon entropy −Σ p·log p of the normalised shares (scipy.stats.entropy(pk, base=base)).</summary>
    public static double Entropy(ReadOnlySpan<double> p, double logBase)
    {
        var pTotal = Sum(p);
        var total = 0.0;
        foreach (var v in p)
        {
            var share = v / pTotal;
            total -= share == 0 ? 0 : share * Math.Log(share);
        }

        return total / Math.Log(logBase);
    }

    /// <summary>Hellinger distance √(Σ(√p − √q)²)/√2 of the shares, as Evidently's hellinger stat test.</summary>
    public static double Hellinger(ReadOnlySpan<double> referenceCounts, ReadOnlySpan<double> currentCounts)
    {
        var refTotal = Sum(referenceCounts);
        var curTotal = Sum(currentCounts);
        var total = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var d = Math.Sqrt(referenceCounts[i] / refTotal) - Math.Sqrt(currentCounts[i] / curTotal);
            total += d * d;
        }

        return Math.Sqrt(total) / Math.Sqrt(2);
    }

    private static double RelEntr(double x, double y) => x == 0 ? 0 : x * Math.Log(x / y);

    private static double Sum(ReadOnlySpan<double> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }
}
