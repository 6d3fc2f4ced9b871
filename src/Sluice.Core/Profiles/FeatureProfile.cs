using System.Text.Json.Serialization;

namespace Sluice.Core.Profiles;

/// <summary>
/// The summary of one feature. Numeric features carry moments, extremes, decile edges and the counts in the
/// bins those edges make; categorical features carry the top categories and the count of all others.
/// </summary>
public sealed record FeatureProfile
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("kind")]
    public required FeatureKind Kind { get; init; }

    /// <summary>Non-missing values.</summary>
    [JsonPropertyName("count")]
    public long Count { get; init; }

    /// <summary>Missing values (empty cells, nulls, NaN); excluded from every statistic.</summary>
    [JsonPropertyName("missing")]
    public long Missing { get; init; }

    [JsonPropertyName("mean")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Mean { get; init; }

    /// <summary>Population standard deviation (divides by the count, as numpy's default).</summary>
    [JsonPropertyName("std")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Std { get; init; }

    [JsonPropertyName("min")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Min { get; init; }

    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Max { get; init; }

    /// <summary>
    /// numpy linear quantiles at 0.1..0.9 with duplicates removed; the outer edges are −∞ and +∞ and bins are
    /// right-closed, so there are <c>DecileEdges.Count + 1</c> bins.
    /// </summary>
    [JsonPropertyName("decileEdges")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double>? DecileEdges { get; init; }

    /// <summary>Values in each bin (−∞, e0], (e0, e1], …, (eLast, +∞).</summary>
    [JsonPropertyName("decileCounts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? DecileCounts { get; init; }

    /// <summary>True when the edges and counts were computed from every value, false when from a sample.</summary>
    [JsonPropertyName("decilesExact")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? DecilesExact { get; init; }

    /// <summary>The most frequent categories, most frequent first (ties by value, ordinal).</summary>
    [JsonPropertyName("categories")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CategoryCount>? Categories { get; init; }

    /// <summary>Non-missing values in categories not listed in <see cref="Categories"/>.</summary>
    [JsonPropertyName("otherCount")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? OtherCount { get; init; }
}
