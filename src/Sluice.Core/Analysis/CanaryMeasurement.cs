namespace Sluice.Core.Analysis;

/// <summary>The figures of one check, canary and stable over the same interval; null where there was nothing to measure.</summary>
public sealed record CanaryMeasurement(
    long Requests,
    long Errors,
    long ClientErrors,
    long StableRequests,
    long StableErrors,
    double? P99Seconds,
    double? StableP99Seconds,
    long PredictionSamples,
    long StablePredictionSamples,
    double? PredictionDistance,
    double? PredictionPValue)
{
    public double? ErrorRate => Requests == 0 ? null : (double)Errors / Requests;

    public double? StableErrorRate => StableRequests == 0 ? null : (double)StableErrors / StableRequests;

    /// <summary>The canary's latency histogram over the interval (cumulative), to count the requests beyond a limit.</summary>
    public IReadOnlyList<(double UpperBound, double Count)> LatencyBuckets { get; init; } = [];
}
