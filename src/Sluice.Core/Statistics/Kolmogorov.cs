namespace Sluice.Core.Statistics;

/// <summary>
/// The survival function of the two-sided one-sample Kolmogorov statistic D_n, following the branch structure of
/// scipy's <c>kstwo.sf</c> (<c>scipy/stats/_ksstats.py</c>, Simard &amp; L'Ecuyer 2011): Ruben–Gambino at the
/// extremes, Durbin's matrix and Pomeranz's recursion (exact) for small n and near p ≈ 1, 2·smirnov(n, x)
/// (Birnbaum–Tingey) for the upper tail, Pelz–Good for large n otherwise.
/// </summary>
public static class Kolmogorov
{
    private const double PiSquared = Math.PI * Math.PI;
    private const double MinLog = -708;
    private static readonly double Sqrt2Pi = Math.Sqrt(2 * Math.PI);

    public static double TwoSidedSf(double n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5)
            {
                return 1.0;
            }

            var logCdf = 0.0;
            for (var i = 1; i <= n; i++)
            {
                logCdf += Math.Log(i / n * ((2 * t) - 1));
            }

            return Math.Clamp(1.0 - Math.Exp(logCdf), 0, 1);
        }

        if (t >= n - 1)
        {
            return Math.Clamp(2 * Math.Pow(1.0 - x, n), 0, 1);
        }

        if (x >= 0.5)
        {
            return Math.Clamp(2 * SmirnovSf((int)n, x), 0, 1);
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            // Small n: exact wherever the Miller approximation 2·smirnov is not accurate enough.
            if (nxSquared <= 0.754693)
            {
                return 1.0 - KolmogorovExact.DurbinCdf((int)n, x);
            }

            return nxSquared <= 4
                ? 1.0 - KolmogorovExact.PomeranzCdf((int)n, x)
                : Math.Clamp(2 * SmirnovSf((int)n, x), 0, 1);
        }

        if (nxSquared >= 370.0)
        {
            return 0.0;
        }

        if (nxSquared >= 2.2)
        {
            return Math.Clamp(2 * SmirnovSf((int)n, x), 0, 1);
        }

        // Near p ≈ 1 Pelz–Good is not accurate enough while Durbin's matrix stays small (its order is 2·⌈nx⌉ − 1).
        return n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4
            ? 1.0 - KolmogorovExact.DurbinCdf((int)n, x)
            : Math.Clamp(1.0 - PelzGoodCdf(n, x), 0, 1);
    }

    /// <summary>One-sided Smirnov P(D_n+ ≥ x), the Birnbaum–Tingey sum, every term positive.</summary>
    public static double SmirnovSf(int n, double x)
    {
        if (x >= 1.0)
        {
            return 0.0;
        }

        if (x <= 0.0)
        {
            return 1.0;
        }

        var last = (int)Math.Floor(n * (1.0 - x));
        var sum = 0.0;
        var logBinom = 0.0;
        for (var j = 0; j <= last; j++)
        {
            if (j > 0)
            {
                logBinom += Math.Log((double)(n - j + 1) / j);
            }

            var upper = (n - j - (n * x)) / n;
            if (upper <= 0)
            {
                break;
            }

            var lower = x + ((double)j / n);
            sum += Math.Exp(logBinom + ((n - j) * Math.Log(upper)) + ((j - 1) * Math.Log(lower)));
        }

        return x * sum;
    }

    /// <summary>Pelz–Good (1976) approximation of P(D_n ≤ x), as scipy's _kolmogn_PelzGood.</summary>
    public static double PelzGoodCdf(double n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
        var qlog = -PiSquared / 8 / z2;
        if (qlog < MinLog)
        {
            return 0.0;
        }

        var q = Math.Exp(qlog);
        var pi4 = PiSquared * PiSquared;
        var pi6 = pi4 * PiSquared;
        var k1a = -z2;
        var k1b = PiSquared / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * PiSquared / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = PiSquared * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * Math.Pow(z, 8));
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            double m = (2 * k) - 1;
            double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
            var qpower = Math.Pow(q, 8 * k);
            s0 = (s0 * qpower) + 1.0;
            s1 = (s1 * qpower) + k1a + (k1b * m2);
            s2 = (s2 * qpower) + k2a + (k2b * m2) + (k2c * m4);
            s3 = (s3 * qpower) + k3a + (k3b * m2) + (k3c * m4) + (k3d * m6);
        }

        s0 *= q * Sqrt2Pi / z;
        s1 *= q * Sqrt2Pi / (6 * z4);
        s2 *= q * Sqrt2Pi / (72 * Math.Pow(z, 7));
        s3 *= q * Sqrt2Pi / (6480 * Math.Pow(z, 10));
        var q2 = Math.Exp(-PiSquared / 2 / z2);
        double k2extra = 0, k3extra = 0;
        var sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxk; k > 0; k--)
        {
            double ks = k * k;
            var qp = Math.Pow(q2, ks);
            k2extra += ks * qp;
            var kspi = Math.PI * k;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks * qp;
        }

        s2 += k2extra * PiSquared * Sqrt2Pi / (-36 * z3);
        s3 += k3extra * PiSquared * Sqrt2Pi / (216 * z6);
        return s0 + (s1 / Math.Sqrt(n)) + (s2 / n) + (s3 / (n * Math.Sqrt(n)));
    }
}
