namespace Sluice.Core.Profiles;

/// <summary>Bounds that keep a profile's memory independent of the row count.</summary>
/// <param name="SampleCapacity">Numeric values kept per feature; deciles are exact up to this many values.</param>
/// <param name="MaxTrackedCategories">Distinct categories counted per feature; later new ones count as other.</param>
/// <param name="TopCategories">Categories written to the profile; the rest are summed into otherCount.</param>
public sealed record ProfileOptions(int SampleCapacity = 100_000, int MaxTrackedCategories = 10_000, int TopCategories = 50)
{
    public static ProfileOptions Default { get; } = new();
}
