namespace Sluice.Core.Statistics;

/// <summary>Chi-squared survival function for whole degrees of freedom, via the regularized upper gamma Q(k/2, x/2).</summary>
public static class ChiSquared
{
    public static double Sf(double x, int dof)
    {
        if (dof <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dof), dof, "degrees of freedom must be positive");
        }

        return x <= 0 ? 1.0 : UpperRegularizedGamma(dof / 2.0, x / 2.0, LogGammaHalfInteger(dof));
    }

    /// <summary>
    /// Inverse survival function: the x with Sf(x, dof) = p, by bisection on <see cref="Sf"/> to full double
    /// precision (scipy.stats.chi2.isf).
    /// </summary>
    public static double Isf(double p, int dof)
    {
        if (p is <= 0 or >= 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be strictly between 0 and 1");
        }

        double lo = 0, hi = Math.Max(1.0, dof);
        while (Sf(hi, dof) > p)
        {
            hi *= 2;
        }

        for (var i = 0; i < 2000; i++)
        {
            var mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi)
            {
                break;
            }

            if (Sf(mid, dof) > p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (lo + hi) / 2;
    }

    /// <summary>
    /// Pearson's goodness-of-fit test (scipy.stats.chisquare): observed counts against expected counts (uniform
    /// when null), dof = k − 1 − <paramref name="ddof"/>.
    /// </summary>
    public static (double Statistic, double PValue) GoodnessOfFit(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected = default, int ddof = 0)
    {
        var k = observed.Length;
        var total = 0.0;
        foreach (var o in observed)
        {
            total += o;
        }

        var statistic = 0.0;
        for (var i = 0; i < k; i++)
        {
            var e = expected.IsEmpty ? total / k : expected[i];
            var d = observed[i] - e;
            statistic += d * d / e;
        }

        var dof = k - 1 - ddof;
        return (statistic, dof > 0 ? Sf(statistic, dof) : double.NaN);
    }

    /// <summary>
    /// scipy.stats.chi2_contingency on the 2×K table (reference row, current row), Yates' correction only when
    /// dof = 1. Columns empty on both sides carry no information and are left out (scipy would reject them).
    /// </summary>
    public static (double Statistic, double PValue, int Dof) Homogeneity(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double rTotal = 0, cTotal = 0;
        var k = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            rTotal += reference[i];
            cTotal += current[i];
            k += reference[i] + current[i] > 0 ? 1 : 0;
        }

        var dof = k - 1;
        if (dof <= 0 || rTotal == 0 || cTotal == 0)
        {
            return (0, 1.0, Math.Max(dof, 0));
        }

        var total = rTotal + cTotal;
        var statistic = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var column = reference[i] + current[i];
            if (column > 0)
            {
                statistic += Term(reference[i], rTotal * column / total, dof) + Term(current[i], cTotal * column / total, dof);
            }
        }

        return (statistic, Sf(statistic, dof), dof);
    }

    private static double Term(double observed, double expected, int dof)
    {
        if (dof == 1)
        {
            var diff = expected - observed;
            observed += Math.Min(0.5, Math.Abs(diff)) * Math.Sign(diff);
        }

        var d = observed - expected;
        return d * d / expected;
    }

    // ln Γ(k/2) exactly from its product form (k whole), so no Lanczos error enters the p-value.
    private static double LogGammaHalfInteger(int k)
    {
        var result = k % 2 == 0 ? 0.0 : 0.5 * Math.Log(Math.PI);
        for (var a = k % 2 == 0 ? 1.0 : 0.5; a < k / 2.0 - 0.25; a += 1.0)
        {
            result += Math.Log(a);
        }

        return result;
    }

    private static double UpperRegularizedGamma(double a, double x, double logGammaA)
    {
        var logPrefactor = (a * Math.Log(x)) - x - logGammaA;
        if (x < a + 1)
        {
            // Series for P(a, x); Q = 1 − P.
            var term = 1.0 / a;
            var sum = term;
            for (var n = 1; n < 10_000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
                {
                    break;
                }
            }

            return 1.0 - (sum * Math.Exp(logPrefactor));
        }

        // Modified Lentz continued fraction for Q(a, x).
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(logPrefactor) * h;
    }
}
