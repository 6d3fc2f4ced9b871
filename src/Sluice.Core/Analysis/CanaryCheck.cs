using System.Globalization;
using Sluice.Core.Durations;
using Sluice.Core.Statistics;

namespace Sluice.Core.Analysis;

/// <summary>
/// One canary check from the interval's counter increases of both versions: request and error counts from
/// <c>sluice_serving_requests_total</c> (5xx are the server's errors; 4xx the client's, counted apart and never held
/// against the canary), p99 from <c>sluice_serving_request_duration_seconds</c>, and the distance between the two
/// versions' <c>sluice_serving_prediction</c> histograms, so a model that answers fast and without errors but wrongly
/// still fails. A p99 over its limit fails only when significantly more than 1% of the canary's requests are beyond
/// it, so a few cold answers of a fresh process never do. The first failing metric decides, named with its value and limit.
/// </summary>
public static class CanaryCheck
{
    public const string Requests = "sluice_serving_requests_total";
    public const string Latency = "sluice_serving_request_duration_seconds";
    public const string Prediction = "sluice_serving_prediction";

    public static CanaryMeasurement Measure(IntervalDelta canary, IntervalDelta stable)
    {
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(stable);
        var canaryBuckets = canary.Buckets(Prediction);
        var stableBuckets = stable.Buckets(Prediction);
        var canaryPredictions = Counts(canaryBuckets);
        var stablePredictions = Counts(stableBuckets);
        var distance = PredictionDistance.Wasserstein(stableBuckets, canaryBuckets);
        var pValue = distance is null ? (double?)null : ChiSquared.Homogeneity(stablePredictions, canaryPredictions).PValue;

        return new CanaryMeasurement(
            (long)canary.Sum(Requests), (long)canary.Sum(Requests, ServerError), (long)canary.Sum(Requests, ClientError),
            (long)stable.Sum(Requests), (long)stable.Sum(Requests, ServerError),
            P99(canary), P99(stable),
            (long)canaryPredictions.Sum(), (long)stablePredictions.Sum(), distance, pValue)
        {
            LatencyBuckets = canary.Buckets(Latency),
        };
    }

    public static CheckResult Judge(CanaryMeasurement m, AnalysisLimits limits, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(limits);
        var over = $"over {GoDuration.Format(interval)}, {m.Requests} requests";
        if (m.Requests < limits.MinRequests)
        {
            return new CheckResult(CheckVerdict.NoData, null, $"{m.Requests} canary requests over {GoDuration.Format(interval)}, fewer than the {limits.MinRequests} a check needs", m);
        }

        if (m.ErrorRate is { } rate && rate > limits.MaxErrorRate)
        {
            return Failed("errorRate", $"error rate {Percent(rate)} > {Percent(limits.MaxErrorRate)} {over}", m);
        }

        if (m.ErrorRate is { } canaryRate && m.StableErrorRate is { } stableRate && canaryRate - stableRate > limits.MaxErrorIncrease
            && ProportionZTest.TwoSided(m.StableErrors, m.StableRequests, m.Errors, m.Requests).PValue is var p && p < 0.05)
        {
            return Failed("errorRate", $"error rate {Percent(canaryRate)} vs stable {Percent(stableRate)}: +{Points(canaryRate - stableRate)} > {Points(limits.MaxErrorIncrease)} (p {P(p)}) {over}", m);
        }

        if (limits.MaxP99Seconds is { } maxP99 && m.P99Seconds is { } p99 && p99 > maxP99 && Slower(m, maxP99) is { } beyond)
        {
            return Failed("p99Latency", $"p99 latency {Ms(p99)} > {Ms(maxP99)} ({beyond}) {over}", m);
        }

        if (m.P99Seconds is { } canaryP99 && m.StableP99Seconds is { } stableP99 && stableP99 > 0
            && Math.Max(limits.MaxLatencyRatio * stableP99, stableP99 + limits.MinLatencyIncreaseSeconds) is var slow
            && canaryP99 > slow && Slower(m, slow) is { } behind)
        {
            return Failed("p99Latency", $"p99 latency {Ms(canaryP99)} vs stable {Ms(stableP99)}: more than {N(limits.MaxLatencyRatio)}x ({behind}) {over}", m);
        }

        if (m.PredictionDistance is { } distance && m.PredictionPValue is { } predictionP && m.PredictionSamples >= limits.MinPredictionSamples
            && m.StablePredictionSamples >= limits.MinPredictionSamples && distance >= limits.MaxPredictionDistance && predictionP < 0.01)
        {
            return Failed("predictionDistance", $"prediction distance {N(distance)} >= {N(limits.MaxPredictionDistance)} (Wasserstein vs stable, p {P(predictionP)}) {over}", m);
        }

        return new CheckResult(CheckVerdict.Passed, null, $"passed: error rate {Percent(m.ErrorRate ?? 0)}{(m.P99Seconds is { } p99Now ? $", p99 {Ms(p99Now)}" : "")}{(m.PredictionDistance is { } d ? $", prediction distance {N(d)}" : "")} {over}", m);
    }

    /// <summary>
    /// The evidence that more than 1% of the canary's requests took longer than <paramref name="limit"/>, or null when
    /// there is none worth acting on: a p99 over few requests is their slowest one or two, so the first answers of a
    /// freshly started process, or one pause, would fail it. A one-sided binomial test against 1% (p &lt; 0.01) asks
    /// for enough slow requests: 7 of 200, 16 of 1000, while a canary slow on every request fails on a handful.
    /// </summary>
    private static string? Slower(CanaryMeasurement m, double limit)
    {
        var slow = (long)Math.Floor(HistogramQuantile.CountAbove(limit, m.LatencyBuckets));
        var total = (long)m.LatencyBuckets.Where(b => double.IsPositiveInfinity(b.UpperBound)).Sum(b => b.Count);
        var p = BinomialTest.UpperTail(slow, total, 0.01);
        return p < 0.01 ? $"{slow} of {total} slower than {Ms(limit)}, p {P(p)}" : null;
    }

    private static CheckResult Failed(string metric, string message, CanaryMeasurement m) => new(CheckVerdict.Failed, metric, message, m);

    private static bool ServerError(MetricSample s) => s.Label("code") is ['5', _, _];

    private static bool ClientError(MetricSample s) => s.Label("code") is ['4', _, _];

    private static double? P99(IntervalDelta delta) => HistogramQuantile.Of(0.99, delta.Buckets(Latency)) is var q && double.IsNaN(q) ? null : q;

    /// <summary>Per-bucket counts from cumulative buckets.</summary>
    private static double[] Counts(IReadOnlyList<(double UpperBound, double Count)> cumulative) =>
        [.. cumulative.Select((b, i) => Math.Max(0, b.Count - (i == 0 ? 0 : cumulative[i - 1].Count)))];

    private static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string Points(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " pp";

    private static string Ms(double seconds) => (seconds * 1000).ToString("0.#", CultureInfo.InvariantCulture) + "ms";

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string P(double p) => p < 0.0001 ? p.ToString("0.#E+0", CultureInfo.InvariantCulture) : N(p);
}
