using Prometheus;
using Sluice.Core.Api;
using Sluice.Core.Monitoring;

namespace Sluice.Operator.Monitoring;

/// <summary>
/// The drift metrics per monitor: the last window's drifted share and verdict, the streak, the top features'
/// scores, windows evaluated by verdict, and retrains triggered and held back by reason. Counted from the pass's
/// Events, so a metric and an Event always agree.
/// </summary>
internal static class DriftMetrics
{
    private static readonly Gauge Share = Metrics.CreateGauge("sluice_drift_share",
        "Share of drifted features in the monitor's last evaluated window, 0..1.", "namespace", "monitor");

    private static readonly Gauge Streak = Metrics.CreateGauge("sluice_drift_consecutive_windows",
        "Drifted windows in a row against the current baseline.", "namespace", "monitor");

    private static readonly Gauge FeatureScore = Metrics.CreateGauge("sluice_drift_feature_score",
        "Score of the most drifted features of the last window (p-value for ks/chi2, else the distance).", "namespace", "monitor", "feature", "method");

    private static readonly Counter Windows = Metrics.CreateCounter("sluice_drift_windows_total",
        "Windows evaluated, by verdict (Drifted, Clean, InsufficientData, Failed).", "namespace", "monitor", "verdict");

    private static readonly Counter Triggered = Metrics.CreateCounter("sluice_retrain_triggered_total",
        "Retraining runs started.", "namespace", "monitor");

    private static readonly Counter Suppressed = Metrics.CreateCounter("sluice_retrain_suppressed_total",
        "Retrains due but held back, by reason (Cooldown, RunActive, CircuitOpen, PipelineNotFound).", "namespace", "monitor", "reason");

    /// <summary>Top features exported per monitor; the report has all.</summary>
    private const int TopFeatures = 10;

    public static void Observe(string ns, string monitor, MonitorDecision decision)
    {
        var status = decision.Status;
        Streak.WithLabels(ns, monitor).Set(status.ConsecutiveDriftedWindows ?? 0);
        foreach (var raised in decision.Events)
        {
            switch (raised.Reason)
            {
                case "WindowEvaluated":
                    Windows.WithLabels(ns, monitor, status.LastEvaluation?.Verdict ?? "").Inc();
                    Share.WithLabels(ns, monitor).Set(status.LastEvaluation?.Share ?? 0);
                    Features(ns, monitor, status.Features);
                    break;
                case "EvaluationFailed":
                    Windows.WithLabels(ns, monitor, WindowVerdicts.Failed).Inc();
                    break;
                case "RetrainTriggered":
                    Triggered.WithLabels(ns, monitor).Inc();
                    break;
                case "RetrainHeldBack":
                    Suppressed.WithLabels(ns, monitor, status.LastHeldBack?.Reason ?? "").Inc();
                    break;
            }
        }
    }

    public static void Forget(string ns, string monitor)
    {
        Share.RemoveLabelled(ns, monitor);
        Streak.RemoveLabelled(ns, monitor);
        foreach (var labels in FeatureScore.GetAllLabelValues().Where(l => l[0] == ns && l[1] == monitor).ToList())
        {
            FeatureScore.RemoveLabelled(labels);
        }
    }

    private static void Features(string ns, string monitor, List<FeatureDriftStatus>? features)
    {
        foreach (var labels in FeatureScore.GetAllLabelValues().Where(l => l[0] == ns && l[1] == monitor).ToList())
        {
            FeatureScore.RemoveLabelled(labels);
        }

        foreach (var f in (features ?? []).Take(TopFeatures))
        {
            FeatureScore.WithLabels(ns, monitor, f.Name, f.Method ?? "").Set(f.Score ?? double.NaN);
        }
    }
}
