namespace Sluice.Core.Drift;

/// <summary>Names, defaults and threshold directions of <see cref="DriftMethod"/>.</summary>
public static class DriftMethods
{
    /// <summary>Samples at most this size count as small (KS / chi-squared by default; docs/drift.md says which side).</summary>
    public const int SmallSample = 1000;

    public static string Name(DriftMethod method) => method switch
    {
        DriftMethod.Ks => "ks",
        DriftMethod.Wasserstein => "wasserstein",
        DriftMethod.Psi => "psi",
        DriftMethod.Js => "js",
        DriftMethod.Chi2 => "chi2",
        _ => "linf",
    };

    public static bool TryParse(string text, out DriftMethod method)
    {
        foreach (var m in Enum.GetValues<DriftMethod>())
        {
            if (string.Equals(Name(m), text, StringComparison.OrdinalIgnoreCase))
            {
                method = m;
                return true;
            }
        }

        method = default;
        return false;
    }

    public static bool IsPValue(DriftMethod method) => method is DriftMethod.Ks or DriftMethod.Chi2;

    public static double DefaultThreshold(DriftMethod method) => method switch
    {
        DriftMethod.Ks or DriftMethod.Chi2 => 0.05,
        DriftMethod.Psi => 0.2,
        _ => 0.1,
    };
}
