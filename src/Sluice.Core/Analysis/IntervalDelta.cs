namespace Sluice.Core.Analysis;

/// <summary>
/// What the pods of one arm (canary or stable) served over one interval: the increase of every monotonic series
/// summed over the pods, the pods whose counters were reset (restarts), the pods only taken as a baseline (seen for
/// the first time, started before the previous scrape), and the pods that went away (their last partial interval is lost).
/// </summary>
public sealed record IntervalDelta(
    IReadOnlyDictionary<string, MetricSample> Series,
    IReadOnlyList<string> ResetPods,
    IReadOnlyList<string> BaselinePods,
    IReadOnlyList<string> VanishedPods)
{
    /// <summary>The sum of the increases of the series named <paramref name="name"/> whose labels pass <paramref name="where"/>.</summary>
    public double Sum(string name, Func<MetricSample, bool>? where = null) =>
        Series.Values.Where(s => s.Name == name && (where is null || where(s))).Sum(s => s.Value);

    /// <summary>The cumulative buckets of histogram <paramref name="name"/> over the interval, by upper bound.</summary>
    public IReadOnlyList<(double UpperBound, double Count)> Buckets(string name, Func<MetricSample, bool>? where = null) =>
        [.. Series.Values.Where(s => s.Name == name + "_bucket" && (where is null || where(s)) && s.Label("le") is not null)
            .GroupBy(s => Bound(s.Label("le")!))
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .OrderBy(b => b.Key)];

    private static double Bound(string le) => le is "+Inf" or "Inf"
        ? double.PositiveInfinity
        : double.Parse(le, System.Globalization.CultureInfo.InvariantCulture);
}
