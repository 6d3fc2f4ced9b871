using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Rollout;

/// <summary>
/// A ModelVersion's analysis settings as the check uses them, and the record status keeps of each check: every
/// figure and the verdict, the newest first, at most <see cref="HistoryLimit"/> (Argo keeps 10 measurements).
/// </summary>
public static class AnalysisRecords
{
    public const int HistoryLimit = 10;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(1);

    public static TimeSpan Interval(CanaryAnalysis? analysis) =>
        GoDuration.TryParse(analysis?.Interval, out var interval) && interval > TimeSpan.Zero ? interval : DefaultInterval;

    public static AnalysisLimits Limits(CanaryAnalysis? analysis)
    {
        var defaults = new AnalysisLimits();
        return defaults with
        {
            MinRequests = analysis?.MinRequests ?? defaults.MinRequests,
            MaxErrorRate = analysis?.MaxErrorRate ?? defaults.MaxErrorRate,
            MaxP99Seconds = GoDuration.TryParse(analysis?.MaxP99Latency, out var p99) ? p99.TotalSeconds : null,
            MaxPredictionDistance = analysis?.MaxPredictionDistance ?? defaults.MaxPredictionDistance,
        };
    }

    public static AnalysisStatus From(CheckResult check, DateTimeOffset at, int failures)
    {
        ArgumentNullException.ThrowIfNull(check);
        var m = check.Figures;
        return new AnalysisStatus
        {
            Time = at,
            Requests = m.Requests,
            Errors = m.Errors,
            ErrorRate = Round(m.ErrorRate),
            P99LatencySeconds = Round(m.P99Seconds),
            StableRequests = m.StableRequests,
            StableErrorRate = Round(m.StableErrorRate),
            StableP99LatencySeconds = Round(m.StableP99Seconds),
            PredictionDistance = Round(m.PredictionDistance),
            PredictionPValue = m.PredictionPValue is { } p ? double.Parse(p.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) : null,
            Metric = check.Metric,
            Message = check.Message,
            Result = check.Verdict.ToString(),
            Failures = failures,
        };
    }

    public static List<AnalysisStatus> Push(IReadOnlyList<AnalysisStatus>? history, AnalysisStatus latest) =>
        [latest, .. (history ?? []).Take(HistoryLimit - 1)];

    /// <summary>Six significant digits are plenty to read and keep status writes from churning on float noise.</summary>
    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;
}
