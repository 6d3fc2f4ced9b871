namespace Sluice.Core.Analysis;

/// <summary>
/// What a canary check holds the canary to. Error rate: an absolute ceiling, and no significant increase over the
/// stable version's (a two-proportion z-test, p &lt; 0.05, and more than <see cref="MaxErrorIncrease"/>). Latency: a
/// p99 ceiling, and no more than <see cref="MaxLatencyRatio"/> times the stable p99 unless the increase is also under
/// <see cref="MinLatencyIncreaseSeconds"/> (a model answering in 3 ms instead of 2 ms, as a freshly started process
/// does, is not slow). Predictions: the Wasserstein distance (<see cref="PredictionDistance"/>) between the canary's
/// and the stable version's output distributions stays below <see cref="MaxPredictionDistance"/> unless a χ²
/// homogeneity test also says p &lt; 0.01 (so noise on few rows never
/// fails it). Fewer than <see cref="MinRequests"/> canary requests is no data.
/// </summary>
public sealed record AnalysisLimits(
    long MinRequests = 20,
    double MaxErrorRate = 0.01,
    double MaxErrorIncrease = 0.005,
    double? MaxP99Seconds = null,
    double MaxLatencyRatio = 1.5,
    double MinLatencyIncreaseSeconds = 0.025,
    double MaxPredictionDistance = 0.1,
    long MinPredictionSamples = 500);
