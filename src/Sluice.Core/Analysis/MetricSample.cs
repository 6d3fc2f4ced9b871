namespace Sluice.Core.Analysis;

/// <summary>
/// One sample of a Prometheus text exposition: a series (name and labels) and its value. The series identity is
/// built once, at construction: deltas look every sample up by it, twice per scrape of every pod.
/// </summary>
public sealed record MetricSample
{
    public MetricSample(string name, IReadOnlyDictionary<string, string> labels, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        Name = name;
        Labels = labels;
        Value = value;
        Series = labels.Count == 0
            ? name
            : name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public double Value { get; init; }

    /// <summary>The series identity, labels in name order: two scrapes of one pod match on it.</summary>
    public string Series { get; }

    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
