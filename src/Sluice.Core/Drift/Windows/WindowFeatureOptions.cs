namespace Sluice.Core.Drift.Windows;

/// <summary>How the features of a window are chosen and judged: defaults per kind, per-feature overrides, and exclusions.</summary>
public sealed record WindowFeatureOptions(
    DriftMethod NumericMethod,
    double NumericThreshold,
    DriftMethod CategoricalMethod,
    double CategoricalThreshold,
    IReadOnlyList<FeatureRule> Overrides,
    IReadOnlyCollection<string> Ignore)
{
    /// <summary>KS and chi-squared at p &lt; 0.05: tests with a sampling null, so a window's size does not make noise look like drift.</summary>
    public static WindowFeatureOptions Default { get; } = new(DriftMethod.Ks, 0.05, DriftMethod.Chi2, 0.05, [], []);
}
