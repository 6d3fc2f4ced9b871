namespace Sluice.Core.Analysis;

/// <summary>One sample of a Prometheus text exposition: a series (name and labels) and its value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The series identity, labels in name order: two scrapes of one pod match on it.</summary>
    public string Series => Labels.Count == 0
        ? Name
        : Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
