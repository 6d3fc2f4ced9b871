namespace Sluice.Core.Analysis;

/// <summary>
/// Counter increases over one interval from two scrapes per pod, as Prometheus' rate() treats counters: per pod
/// UID, current minus previous; a family whose process restarted (a new start time) or whose counters went down is
/// counted from zero (the increments between the last scrape and the restart are lost, as in Prometheus); a pod seen
/// for the first time counts from zero if it started after the previous scrape, else it is only a baseline.
/// </summary>
public static class CounterDeltas
{
    public static IntervalDelta Between(IReadOnlyList<PodScrape> previous, IReadOnlyList<PodScrape> current, DateTimeOffset? previousScrapeAt)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.ToDictionary(p => p.PodUid, StringComparer.Ordinal);
        var sums = new Dictionary<string, MetricSample>(StringComparer.Ordinal);
        var reset = new List<string>();
        var baseline = new List<string>();
        foreach (var pod in current)
        {
            var monotonic = pod.Metrics.Samples.Where(pod.Metrics.IsMonotonic).ToList();
            IEnumerable<MetricSample> increases;
            if (!before.TryGetValue(pod.PodUid, out var old))
            {
                var startedSince = pod.ProcessStartSeconds is { } start && previousScrapeAt is { } at && start >= at.ToUnixTimeMilliseconds() / 1000.0;
                if (!startedSince)
                {
                    baseline.Add(pod.PodUid);
                    continue;
                }

                increases = monotonic;
            }
            else
            {
                var (delta, wasReset) = Increase(old, pod, monotonic);
                increases = delta;
                if (wasReset)
                {
                    reset.Add(pod.PodUid);
                }
            }

            foreach (var sample in increases)
            {
                sums[sample.Series] = sums.TryGetValue(sample.Series, out var sum) ? sum with { Value = sum.Value + sample.Value } : sample;
            }
        }

        var now = current.Select(p => p.PodUid).ToHashSet(StringComparer.Ordinal);
        return new IntervalDelta(sums, reset, baseline, [.. previous.Select(p => p.PodUid).Where(u => !now.Contains(u))]);
    }

    private static (List<MetricSample> Delta, bool Reset) Increase(PodScrape old, PodScrape pod, List<MetricSample> monotonic)
    {
        var earlier = old.Metrics.Samples.Where(old.Metrics.IsMonotonic).ToDictionary(s => s.Series, s => s.Value, StringComparer.Ordinal);
        var restarted = old.ProcessStartSeconds is { } a && pod.ProcessStartSeconds is { } b && a != b;
        var resetFamilies = restarted
            ? monotonic.Select(s => pod.Metrics.FamilyOf(s.Name)).ToHashSet(StringComparer.Ordinal)
            : monotonic.Where(s => earlier.TryGetValue(s.Series, out var was) && s.Value < was).Select(s => pod.Metrics.FamilyOf(s.Name)).ToHashSet(StringComparer.Ordinal);
        var delta = monotonic.Select(s => resetFamilies.Contains(pod.Metrics.FamilyOf(s.Name))
            ? s
            : s with { Value = s.Value - earlier.GetValueOrDefault(s.Series) }).ToList();
        return (delta, resetFamilies.Count > 0);
    }
}
