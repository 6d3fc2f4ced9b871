namespace Sluice.Core.Analysis;

/// <summary>A parsed <c>/metrics</c> page: its samples and the declared type of each family.</summary>
public sealed record MetricsScrape(IReadOnlyList<MetricSample> Samples, IReadOnlyDictionary<string, string> Types)
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_count", "_sum"];

    /// <summary>
    /// The family a sample belongs to: a histogram's <c>_bucket</c>, <c>_count</c> and <c>_sum</c> belong to the histogram,
    /// anything else to its own name.
    /// </summary>
    public string FamilyOf(string sampleName)
    {
        foreach (var suffix in HistogramSuffixes)
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && Types.GetValueOrDefault(sampleName[..^suffix.Length]) is "histogram" or "summary")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return sampleName;
    }

    /// <summary>
    /// Whether the sample only ever grows while its process lives (a counter, a histogram's buckets and count); a
    /// histogram's <c>_sum</c> is not, since observations may be negative (a model's outputs).
    /// </summary>
    public bool IsMonotonic(MetricSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var family = FamilyOf(sample.Name);
        return Types.GetValueOrDefault(family) switch
        {
            "counter" => true,
            "histogram" => !sample.Name.EndsWith("_sum", StringComparison.Ordinal),
            _ => false,
        };
    }
}
