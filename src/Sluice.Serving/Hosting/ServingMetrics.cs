using Prometheus;

namespace Sluice.Serving.Hosting;

/// <summary>The server's Prometheus metrics, on a registry of its own so two servers in one process never mix.</summary>
internal sealed class ServingMetrics
{
    public ServingMetrics(TimeProvider? time = null)
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);

        // When this server's counters started from zero: canary analysis tells a restart from a counter reset by it.
        f.CreateGauge("process_start_time_seconds", "Start time of the server (its counters' zero), seconds since the Unix epoch.")
            .Set((time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);

        // Exemplars would read the trace context on every observation; the server records no traces to link to.
        f.ExemplarBehavior = new ExemplarBehavior { DefaultExemplarProvider = static (_, _) => Exemplar.None };
        Requests = f.CreateCounter("sluice_serving_requests_total", "Inference requests by model, version and HTTP status code.",
            new CounterConfiguration { LabelNames = ["model", "version", "code"] });
        Latency = f.CreateHistogram("sluice_serving_request_duration_seconds", "Time from request to response for inference requests.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });
        Inference = f.CreateHistogram("sluice_serving_inference_duration_seconds", "Time spent in ONNX Runtime per run.",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = Histogram.ExponentialBuckets(0.00001, 2, 18) });
        BatchRows = f.CreateHistogram("sluice_serving_batch_rows", "Rows per ONNX Runtime run (more than one request's rows when batching).",
            new HistogramConfiguration { LabelNames = ["model", "version"], Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        // Twenty 0.05-wide buckets over [0, 1] with no bucket of its own for exactly 0: one model rounding a sure
        // "no" to 0.0 and another saying 0.00007 give the same prediction, and a le="0" bucket would count them apart
        // (with it, two equally accurate breast-cancer MLPs looked as far apart as a model and its inverse).
        Prediction = f.CreateHistogram("sluice_serving_prediction", "Values of the model's primary (first floating-point) output, per row.",
            new HistogramConfiguration { LabelNames = ["model", "version", "output"], Buckets = Histogram.LinearBuckets(0.05, 0.05, 20) });
        ModelInfo = f.CreateGauge("sluice_serving_model_info", "1 for each loaded model, with its version and sha256.",
            new GaugeConfiguration { LabelNames = ["model", "version", "sha256"] });
        ModelReady = f.CreateGauge("sluice_serving_model_ready", "1 when the model is loaded and warmed up, else 0.",
            new GaugeConfiguration { LabelNames = ["model", "version"] });
        Rejected = f.CreateCounter("sluice_serving_overload_rejections_total", "Requests turned away because the queue was full.",
            new CounterConfiguration { LabelNames = ["model", "version"] });
        LogSampled = f.CreateCounter("sluice_serving_request_log_rows_total", "Rows queued for the request log.");
        LogDropped = f.CreateCounter("sluice_serving_request_log_dropped_total", "Request-log rows dropped because the buffer was full or a write failed.");
        LogWritten = f.CreateCounter("sluice_serving_request_log_written_total", "Request-log rows written to the store.");
    }

    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Histogram Latency { get; }

    public Histogram Inference { get; }

    public Histogram BatchRows { get; }

    public Histogram Prediction { get; }

    public Gauge ModelInfo { get; }

    public Gauge ModelReady { get; }

    public Counter Rejected { get; }

    public Counter LogSampled { get; }

    public Counter LogDropped { get; }

    public Counter LogWritten { get; }
}
