namespace Sluice.Core.Drift;

/// <summary>A drift test and the direction of its threshold.</summary>
public enum DriftMethod
{
    /// <summary>Two-sample KS; drift when the p-value is below the threshold.</summary>
    Ks,

    /// <summary>Normed Wasserstein-1; drift when at least the threshold.</summary>
    Wasserstein,

    /// <summary>PSI on reference deciles or categories; drift when at least the threshold.</summary>
    Psi,

    /// <summary>Jensen–Shannon distance base 2; drift when at least the threshold.</summary>
    Js,

    /// <summary>Chi-squared homogeneity; drift when the p-value is below the threshold.</summary>
    Chi2,

    /// <summary>L∞ of category frequencies; drift when at least the threshold.</summary>
    Linf,
}
