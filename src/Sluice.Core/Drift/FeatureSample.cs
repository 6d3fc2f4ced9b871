using Sluice.Core.Profiles;

namespace Sluice.Core.Drift;

/// <summary>
/// One feature of one side of a comparison: raw numeric values, category counts, or (for a profile) the binned
/// summary only. Missing values are counted, never included.
/// </summary>
public sealed record FeatureSample(string Name, FeatureKind Kind, long Missing)
{
    /// <summary>Raw non-missing numeric values, or null when only a profile is available.</summary>
    public double[]? Values { get; init; }

    /// <summary>Category counts (raw data) or top categories plus "other" (profile).</summary>
    public IReadOnlyDictionary<string, long>? Categories { get; init; }

    /// <summary>The profile this side came from, when it is one.</summary>
    public FeatureProfile? Profile { get; init; }

    public long Count => Values?.LongLength ?? Categories?.Values.Sum() ?? Profile?.Count ?? 0;

    public double MissingShare => Count + Missing == 0 ? 0 : (double)Missing / (Count + Missing);

    public static FeatureSample FromProfile(FeatureProfile profile)
    {
        Dictionary<string, long>? categories = null;
        if (profile.Kind == FeatureKind.Categorical)
        {
            categories = (profile.Categories ?? []).ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
            if (profile.OtherCount is > 0)
            {
                categories[OtherCategory] = profile.OtherCount.Value;
            }
        }

        return new FeatureSample(profile.Name, profile.Kind, profile.Missing) { Profile = profile, Categories = categories };
    }

    /// <summary>The bucket a profile's untracked categories are compared as.</summary>
    public const string OtherCategory = "__other__";
}
