namespace Sluice.Core.Statistics;

/// <summary>The two-sample KS statistic D and its p-value.</summary>
public readonly record struct KsResult(double Statistic, double PValue, bool Exact);

/// <summary>
/// Two-sided two-sample Kolmogorov–Smirnov exactly as <c>scipy.stats.ks_2samp</c> (method "auto") computes it:
/// exact when both samples have at most 10,000 values (Hodges' lattice-path method with Viehmann's 1−p
/// recursion, or the closed form for equal sizes), else Smirnov's asymptotic <c>kstwo.sf(D, round(mn/(m+n)))</c>.
/// </summary>
public static class KolmogorovSmirnov
{
    public const int MaxExactSize = 10_000;

    /// <summary>Both inputs must be sorted ascending, non-empty and free of NaN.</summary>
    public static KsResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            throw new ArgumentException("the KS test needs at least one value in each sample");
        }

        return FromStatistic(a.Length, b.Length, MaxCdfDifference(a, b));
    }

    /// <summary>
    /// D and its p-value for samples of sizes <paramref name="n1"/> and <paramref name="n2"/> when only D is known
    /// (e.g. the largest ECDF gap at a profile's decile edges, a lower bound of D, so the p-value is conservative).
    /// </summary>
    public static KsResult FromStatistic(long n1, long n2, double d)
    {
        var g = Gcd(n1, n2);
        if (Math.Max(n1, n2) <= MaxExactSize)
        {
            // scipy snaps D to the lattice h / lcm before computing the exact probability.
            var lcm = n1 / g * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            var snapped = h * 1.0 / lcm;
            if (h == 0)
            {
                return new KsResult(snapped, 1.0, true);
            }

            var prob = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInsideMethod(n1, n2, g, h);
            if (double.IsFinite(prob) && prob is >= 0 and <= 1)
            {
                return new KsResult(snapped, prob, true);
            }

            d = snapped;
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        var p = Kolmogorov.TwoSidedSf(Math.Round(en, MidpointRounding.ToEven), d);
        return new KsResult(d, Math.Clamp(p, 0, 1), false);
    }

    /// <summary>max |F_a − F_b| over the pooled values with right-continuous ECDFs (ties handled).</summary>
    public static double MaxCdfDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // A merge walk evaluates both ECDFs after each distinct pooled value, as searchsorted(side="right") does.
        int i = 0, j = 0;
        double n1 = a.Length, n2 = b.Length;
        double maxPlus = 0, maxMinus = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x)
            {
                i++;
            }

            while (j < b.Length && b[j] <= x)
            {
                j++;
            }

            var diff = (i / n1) - (j / n2);
            if (diff > maxPlus)
            {
                maxPlus = diff;
            }
            else if (-diff > maxMinus)
            {
                maxMinus = -diff;
            }
        }

        // Once one sample is exhausted the other's ECDF only climbs towards 1, shrinking the gap.
        return Math.Max(maxPlus, maxMinus);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    // scipy _compute_prob_outside_square(n, h).
    private static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = n / h;
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    // scipy _compute_outer_prob_inside_method(m, n, g, h) (the 1-p recursion of Viehmann 2021).
    private static double OuterProbInsideMethod(long m, long n, long g, long h)
    {
        if (m < n)
        {
            (m, n) = (n, m);
        }

        var mg = m / g;
        var ng = n / g;
        long minj = 0;
        var maxj = Math.Min((long)Math.Ceiling(h / (double)mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min((2 * maxj) + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        Array.Fill(a, 0.0, 0, (int)maxj);
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor(((ng * i) - h) / (double)mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling(((ng * i) + h) / (double)mg), n + 1);
            if (maxj <= minj)
            {
                return 1.0;
            }

            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = ((a[jj + minj - lastminj] * i) + (val * j)) / (i + j);
                a[jj] = val;
            }

            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                var from = (int)(maxj - minj);
                Array.Fill(a, 1.0, from, (int)Math.Min(lastlen - curlen, a.Length - from));
            }
        }

        return a[maxj - minj - 1];
    }
}
