namespace Sluice.Core.Analysis;

/// <summary>
/// What a canary check holds the canary to. Error rate: an absolute ceiling, and no significant increase over the
/// stable version's (a two-proportion z-test, p &lt; 0.05, and more than <see cref="MaxErrorIncrease"/>). Latency: a
/// p99 ceiling, and no more than <see cref="MaxLatencyRatio"/> times the stable p99. Predictions: the Jensen–Shannon
/// distance (base 2) between the canary's and the stable version's output histograms stays below
/// <see cref="MaxPredictionDistance"/> unless a χ² homogeneity test also says p &lt; 0.01 (so noise on few rows never
/// fails it). Fewer than <see cref="MinRequests"/> canary requests is no data.
/// </summary>
public sealed record AnalysisLimits(
    long MinRequests = 20,
    double MaxErrorRate = 0.01,
    double MaxErrorIncrease = 0.005,
    double? MaxP99Seconds = null,
    double MaxLatencyRatio = 1.5,
    double MaxPredictionDistance = 0.2,
    long MinPredictionSamples = 500);
