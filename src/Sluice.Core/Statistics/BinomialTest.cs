namespace Sluice.Core.Statistics;

/// <summary>
/// The exact one-sided binomial test (scipy.stats.binomtest with alternative='greater'): how likely at least
/// <c>k</c> hits in <c>n</c> trials are when each hits with probability <c>p</c>.
/// </summary>
public static class BinomialTest
{
    /// <summary>P(X ≥ k) for X ~ Binomial(n, p).</summary>
    public static double UpperTail(long k, long n, double p)
    {
        if (n < 0 || p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"binomial test needs n >= 0 and 0 <= p <= 1, got n {n}, p {p}");
        }

        if (k <= 0)
        {
            return 1.0;
        }

        if (k > n || p == 0)
        {
            return 0.0;
        }

        if (p == 1)
        {
            return 1.0;
        }

        // Terms fall from k on only past the mode; below it the tail holds at least the mode's half and is computed
        // from the lower side instead, which then falls towards zero.
        var mode = Math.Floor((n + 1) * p);
        return k > mode ? Sum(k, n, p, +1, n) : 1.0 - Sum(k - 1, n, p, -1, 0);
    }

    private static double Sum(long from, long n, double p, int direction, long end)
    {
        var odds = p / (1 - p);
        var logTerm = LogChoose(n, from) + (from * Math.Log(p)) + ((n - from) * double.LogP1(-p));
        var term = Math.Exp(logTerm);
        var sum = 0.0;
        for (var i = from; direction > 0 ? i <= end : i >= end; i += direction)
        {
            sum += term;
            if (term <= sum * 1e-17)
            {
                break;
            }

            term *= direction > 0 ? (n - i) / (double)(i + 1) * odds : i / (double)(n - i + 1) / odds;
        }

        return Math.Clamp(sum, 0.0, 1.0);
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>ln n!: exact sums below 256, Stirling's series (error under 1e-16 relative there) above.</summary>
    private static double LogFactorial(long n)
    {
        if (n < 256)
        {
            var sum = 0.0;
            for (var i = 2; i <= n; i++)
            {
                sum += Math.Log(i);
            }

            return sum;
        }

        double x = n, x2 = x * x;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x)) + (1 / (12 * x)) - (1 / (360 * x * x2)) + (1 / (1260 * x2 * x2 * x));
    }
}
