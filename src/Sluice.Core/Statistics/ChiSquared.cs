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
