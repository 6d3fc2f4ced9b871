namespace Sluice.Core.Statistics;

/// <summary>
/// Exact P(D_n ≤ d) for the two-sided one-sample Kolmogorov statistic, the two methods scipy's <c>kstwo</c> uses
/// where the approximations are not accurate enough (Simard &amp; L'Ecuyer 2011): Durbin's matrix method as
/// Marsaglia, Tsang &amp; Wang (2003) evaluate it, and Pomeranz's (1974) recursion. Both rescale by 2^128 to
/// stay inside double range.
/// </summary>
public static class KolmogorovExact
{
    private const int ScaleExponent = 128;
    private static readonly double Big = Math.ScaleB(1.0, ScaleExponent);
    private static readonly double Small = Math.ScaleB(1.0, -ScaleExponent);

    /// <summary>Durbin / Marsaglia–Tsang–Wang: the (k, k) entry of H^n times n!/n^n, with d = (k − h)/n.</summary>
    public static double DurbinCdf(int n, double d)
    {
        if (d >= 1.0)
        {
            return 1.0;
        }

        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0.0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var first = new double[m];
        var inverseFactorial = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            inverseFactorial[j - 1] = fac;
            fac /= j;
            first[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }

        first[m - 1] = (1.0 + Math.Pow(Math.Max((2 * h) - 1.0, 0), m) - (2 * Math.Pow(h, m))) * fac;
        var hm = new double[m, m];
        for (var i = 1; i < m; i++)
        {
            for (var r = i - 1; r < m; r++)
            {
                hm[r, i] = inverseFactorial[r - i + 1];
            }
        }

        for (var r = 0; r < m; r++)
        {
            hm[r, 0] = first[r];
        }

        for (var c = 0; c < m; c++)
        {
            hm[m - 1, c] = first[m - 1 - c];
        }

        // Square-and-multiply, tracking the power-of-two scale of both matrices separately.
        var power = Identity(m);
        int powerExponent = 0, hExponent = 0;
        for (var e = n; e > 0; e /= 2)
        {
            if (e % 2 == 1)
            {
                power = Multiply(power, hm);
                powerExponent += hExponent;
            }

            hm = Multiply(hm, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Big)
            {
                Scale(hm, Small);
                hExponent += ScaleExponent;
            }
        }

        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Small)
            {
                p *= Big;
                powerExponent -= ScaleExponent;
            }
        }

        return Math.Clamp(Math.ScaleB(p, powerExponent), 0, 1);
    }

    /// <summary>Pomeranz's recursion: n!·V[2n+1, n], each row a truncated convolution with Poisson-like weights.</summary>
    public static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilF = f > 0 ? 1 : 0;
        var roundF = f > 0.5 ? 1 : 0;
        var powers = 2 * (ll + 1);
        var gPower = new double[powers];
        var twoGPower = new double[powers];
        var oneMinusTwoGPower = new double[powers];
        gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1.0;
        for (var k = 1; k < powers; k++)
        {
            gPower[k] = gPower[k - 1] * (g / n) / k;
            twoGPower[k] = twoGPower[k - 1] * (2 * g / n) / k;
            oneMinusTwoGPower[k] = oneMinusTwoGPower[k - 1] * ((1 - (2 * g)) / n) / k;
        }

        var previous = new double[powers];
        var current = new double[powers];
        current[0] = 1;
        int previousStart = 0, currentStart = 0, exponent = 0;
        var (j1, _) = RowBounds(0, n, ll, ceilF, roundF);
        for (var i = 1; i < (2 * n) + 2; i++)
        {
            var k1 = j1;
            (previous, current) = (current, previous);
            (previousStart, currentStart) = (currentStart, previousStart);
            Array.Clear(current);
            int j2;
            (j1, j2) = RowBounds(i, n, ll, ceilF, roundF);
            var weights = i == 1 || i == (2 * n) + 1 ? gPower : i % 2 == 1 ? twoGPower : oneMinusTwoGPower;
            var length = j2 - k1 + 1;
            if (length <= 0)
            {
                continue;
            }

            // Entries j1..j2 of the full convolution of previous[k1..k1+length) with weights[0..length).
            var offset = k1 - previousStart;
            var segment = Math.Min(length, powers - offset);
            var max = 0.0;
            for (var c = 0; c < j2 - j1 + 1; c++)
            {
                var index = j1 - k1 + c;
                var sum = 0.0;
                for (var a = Math.Max(0, index - length + 1); a <= Math.Min(index, segment - 1); a++)
                {
                    sum += previous[offset + a] * weights[index - a];
                }

                current[c] = sum;
                max = Math.Max(max, sum);
            }

            if (max > 0 && max < Small)
            {
                for (var c = 0; c < current.Length; c++)
                {
                    current[c] *= Big;
                }

                exponent -= ScaleExponent;
            }

            currentStart = previousStart + j1 - k1;
        }

        var answer = current[n - currentStart];
        for (var k = 1; k <= n; k++)
        {
            if (Math.Abs(answer) > Big)
            {
                answer *= Small;
                exponent += ScaleExponent;
            }

            answer *= k;
        }

        return Math.Clamp(Math.ScaleB(answer, exponent), 0, 1);
    }

    // The non-zero stretch [j1, j2] of row i of Pomeranz's matrix.
    private static (int J1, int J2) RowBounds(int i, int n, int ll, int ceilF, int roundF)
    {
        int j1, j2;
        if (i == 0)
        {
            (j1, j2) = (-ll - ceilF - 1, ll + ceilF - 1);
        }
        else
        {
            var half = (i + 1) / 2;
            if ((i + 1) % 2 == 0)
            {
                (j1, j2) = half == n + 1
                    ? (n - ll - ceilF - 1, n + ll + ceilF - 1)
                    : (half - 1 - ll - roundF - 1, half + ll - 1 + ceilF - 1);
            }
            else
            {
                (j1, j2) = (half - 1 - ll - 1, half + ll + roundF - 1);
            }
        }

        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    private static double[,] Identity(int m)
    {
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            result[i, i] = 1;
        }

        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }

        return result;
    }

    private static void Scale(double[,] a, double factor)
    {
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                a[i, j] *= factor;
            }
        }
    }
}
