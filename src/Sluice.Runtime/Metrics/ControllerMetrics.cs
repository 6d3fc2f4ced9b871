using Prometheus;
using Sluice.Runtime.Queue;

namespace Sluice.Runtime.Metrics;

/// <summary>
/// The metric names and labels controller-runtime exports, so existing dashboards and alerts work unchanged.
/// </summary>
public static class ControllerMetrics
{
    private static readonly double[] DurationBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly Counter ReconcileTotal = Prometheus.Metrics.CreateCounter(
        "controller_runtime_reconcile_total", "Total number of reconciliations per controller",
        "controller", "result");

    private static readonly Counter ReconcileErrors = Prometheus.Metrics.CreateCounter(
        "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller",
        "controller");

    private static readonly Histogram ReconcileTime = Prometheus.Metrics.CreateHistogram(
        "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = DurationBuckets });

    private static readonly Gauge Depth = Prometheus.Metrics.CreateGauge(
        "workqueue_depth", "Current depth of workqueue", "controller", "name");

    private static readonly Counter Adds = Prometheus.Metrics.CreateCounter(
        "workqueue_adds_total", "Total number of adds handled by workqueue", "controller", "name");

    private static readonly Counter Retries = Prometheus.Metrics.CreateCounter(
        "workqueue_retries_total", "Total number of retries handled by workqueue", "controller", "name");

    private static readonly Histogram QueueDuration = Prometheus.Metrics.CreateHistogram(
        "workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested",
        new HistogramConfiguration { LabelNames = ["controller", "name"], Buckets = DurationBuckets });

    private static readonly Histogram WorkDuration = Prometheus.Metrics.CreateHistogram(
        "workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes",
        new HistogramConfiguration { LabelNames = ["controller", "name"], Buckets = DurationBuckets });

    public static void Reconciled(string controller, string result, TimeSpan took)
    {
        ReconcileTotal.WithLabels(controller, result).Inc();
        ReconcileTime.WithLabels(controller).Observe(took.TotalSeconds);
        if (result == "error")
        {
            ReconcileErrors.WithLabels(controller).Inc();
        }
    }

    /// <summary>Queue metrics labelled as controller-runtime does: both labels carry the controller name.</summary>
    public static IWorkQueueMetrics ForQueue(string controller) => new QueueMetrics(controller);

    private sealed class QueueMetrics(string controller) : IWorkQueueMetrics
    {
        public void Added() => Adds.WithLabels(controller, controller).Inc();

        public void DepthChanged(int depth) => Depth.WithLabels(controller, controller).Set(depth);

        public void Retried() => Retries.WithLabels(controller, controller).Inc();

        public void Started(TimeSpan waited) => QueueDuration.WithLabels(controller, controller).Observe(waited.TotalSeconds);

        public void Finished(TimeSpan worked) => WorkDuration.WithLabels(controller, controller).Observe(worked.TotalSeconds);
    }
}
