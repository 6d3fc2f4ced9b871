namespace Sluice.Core.Validation;

/// <summary>The drift tests Sluice knows and the thresholds that make sense for each.</summary>
public static class DriftMethods
{
    public static IReadOnlyList<string> All { get; } = ["ks", "psi", "jensenshannon", "wasserstein", "chi2", "linf"];

    public static IReadOnlyList<string> Numeric { get; } = ["ks", "psi", "jensenshannon", "wasserstein", "linf"];

    public static IReadOnlyList<string> Categorical { get; } = ["chi2", "psi", "jensenshannon", "linf"];

    /// <summary>Why the threshold does not suit the method, or null when it does.</summary>
    public static string? ThresholdProblem(string method, double threshold) => method switch
    {
        _ when !double.IsFinite(threshold) => "threshold must be a finite number",
        "ks" or "chi2" when threshold is <= 0 or >= 1 => $"threshold {threshold} is out of range for {method}: it is a p-value, use a number between 0 and 1 exclusive, such as 0.05",
        "jensenshannon" or "linf" when threshold is <= 0 or > 1 => $"threshold {threshold} is out of range for {method}: it is a distance, use a number in (0, 1], such as 0.1",
        "psi" or "wasserstein" when threshold <= 0 => $"threshold {threshold} is out of range for {method}: use a positive number, such as 0.2 for psi or 0.1 for wasserstein",
        _ => null,
    };
}
