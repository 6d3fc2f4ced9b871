using System.Collections.Concurrent;
using k8s.Models;
using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Runtime;

namespace Sluice.Operator.Serving;

/// <summary>
/// The canary checks of each model in flight: every <c>analysis.interval</c> it scrapes the canary's and the stable
/// version's Ready pods, and from the second round on judges the interval between the last two. The previous round
/// lives in memory only: after a restart the first round is a baseline again, so a check is delayed by one interval
/// but never computed over counters it did not see.
/// </summary>
internal sealed class CanaryAnalyzer(PodMetricsScraper scraper, TimeProvider time)
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<ObjectKey, Rounds> _last = new();

    /// <summary>The check that completed in this pass (null when none was due or this round is a baseline) and when the next is due.</summary>
    public async Task<(CheckResult? Check, DateTimeOffset NextDue)> CheckAsync(ObjectKey model, ArmPods canary, ArmPods stable, CanaryAnalysis? analysis,
        CancellationToken cancellationToken)
    {
        var interval = AnalysisRecords.Interval(analysis);
        var now = time.GetUtcNow();
        var previous = _last.TryGetValue(model, out var p) && p.Canary == canary.Version && p.Stable == stable.Version ? p : null;
        if (previous is not null && now - previous.CanaryRound.At < interval)
        {
            return (null, previous.CanaryRound.At + interval);
        }

        var started = time.GetTimestamp();
        var timeout = interval / 2 < ScrapeTimeout ? interval / 2 : ScrapeTimeout;
        var rounds = await Task.WhenAll(
            scraper.ScrapeAsync(canary.Pods, canary.Port, timeout, cancellationToken),
            scraper.ScrapeAsync(stable.Pods, stable.Port, timeout, cancellationToken)).ConfigureAwait(false);
        _last[model] = new Rounds(canary.Version, stable.Version, rounds[0], rounds[1]);
        var next = rounds[0].At + interval;
        if (previous is null)
        {
            return (null, next);
        }

        var canaryDelta = CounterDeltas.Between(previous.CanaryRound.Pods, rounds[0].Pods, previous.CanaryRound.At);
        var stableDelta = CounterDeltas.Between(previous.StableRound.Pods, rounds[1].Pods, previous.StableRound.At);
        var elapsed = TimeSpan.FromSeconds(Math.Max(1, Math.Round((rounds[0].At - previous.CanaryRound.At).TotalSeconds)));
        var check = CanaryCheck.Judge(CanaryCheck.Measure(canaryDelta, stableDelta), AnalysisRecords.Limits(analysis), elapsed);
        RolloutMetrics.Checked(model.Namespace ?? "", model.Name, check, time.GetElapsedTime(started));
        var unread = rounds[0].Failures.Concat(rounds[1].Failures).ToList();
        return (unread.Count == 0 ? check : check with { Message = $"{check.Message}; not read: {string.Join("; ", unread)}" }, next);
    }

    /// <summary>Drops the memory of a model with no canary in flight.</summary>
    public void Forget(ObjectKey model) => _last.TryRemove(model, out _);

    private sealed record Rounds(string Canary, string Stable, ScrapeRound CanaryRound, ScrapeRound StableRound);
}
