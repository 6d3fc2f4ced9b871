using Prometheus;
using Sluice.Core.Analysis;
using Sluice.Core.Rollout;

namespace Sluice.Operator.Serving;

/// <summary>
/// The operator's rollout metrics, per namespace and model: canary steps completed, promotions, rollbacks, aborts
/// by their reason (the Degraded condition's), and every analysis check by verdict with how long its scrape and
/// judgement took. Counted from the plan's Events, so a metric and an Event always agree.
/// </summary>
internal static class RolloutMetrics
{
    private static readonly Counter Steps = Metrics.CreateCounter("sluice_rollout_steps_total",
        "Canary steps completed.", "namespace", "model");

    private static readonly Counter Promotions = Metrics.CreateCounter("sluice_rollout_promotions_total",
        "Versions made Stable: after their canary steps, by hand, or as a model's first version.", "namespace", "model");

    private static readonly Counter Rollbacks = Metrics.CreateCounter("sluice_rollout_rollbacks_total",
        "Retired versions made Stable again by hand.", "namespace", "model");

    private static readonly Counter Aborts = Metrics.CreateCounter("sluice_rollout_aborts_total",
        "Canaries aborted, by reason (AnalysisFailed, CanaryUnhealthy, ProgressDeadlineExceeded, AbortedByUser).", "namespace", "model", "reason");

    private static readonly Counter Checks = Metrics.CreateCounter("sluice_rollout_analysis_checks_total",
        "Canary analysis checks, by verdict (Passed, Failed, NoData).", "namespace", "model", "verdict");

    private static readonly Histogram CheckDuration = Metrics.CreateHistogram("sluice_rollout_analysis_duration_seconds",
        "Time to scrape both versions' pods and judge one canary check.",
        new HistogramConfiguration { LabelNames = ["namespace", "model"], Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    public static void Planned(string ns, string model, VersionPlan plan)
    {
        foreach (var raised in plan.Events)
        {
            switch (raised.Reason)
            {
                case "StepCompleted":
                    Steps.WithLabels(ns, model).Inc();
                    break;
                case "Promoted":
                    Promotions.WithLabels(ns, model).Inc();
                    break;
                case "RolledBack":
                    Rollbacks.WithLabels(ns, model).Inc();
                    break;
                case "RolloutAborted":
                    Aborts.WithLabels(ns, model, plan.Degraded?.Reason ?? "Unknown").Inc();
                    break;
            }
        }
    }

    public static void Checked(string ns, string model, CheckResult check, TimeSpan took)
    {
        Checks.WithLabels(ns, model, check.Verdict.ToString()).Inc();
        CheckDuration.WithLabels(ns, model).Observe(took.TotalSeconds);
    }
}
