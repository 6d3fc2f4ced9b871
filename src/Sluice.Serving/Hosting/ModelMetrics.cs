using System.Collections.Concurrent;
using System.Globalization;
using Prometheus;

namespace Sluice.Serving.Hosting;

/// <summary>One model version's metric series, resolved once: label lookups per request cost more than the model run.</summary>
internal sealed class ModelMetrics(ServingMetrics metrics, string model, string version)
{
    private readonly ConcurrentDictionary<int, Counter.Child> _byCode = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _prediction = new(StringComparer.Ordinal);

    public Histogram.Child Latency { get; } = metrics.Latency.WithLabels(model, version);

    public Histogram.Child Inference { get; } = metrics.Inference.WithLabels(model, version);

    public Histogram.Child BatchRows { get; } = metrics.BatchRows.WithLabels(model, version);

    public Counter.Child Rejected { get; } = metrics.Rejected.WithLabels(model, version);

    public Counter.Child Requests(int code) => _byCode.TryGetValue(code, out var child)
        ? child
        : _byCode.GetOrAdd(code, c => metrics.Requests.WithLabels(model, version, c.ToString(CultureInfo.InvariantCulture)));

    public Histogram.Child Prediction(string output) => _prediction.GetOrAdd(output, o => metrics.Prediction.WithLabels(model, version, o));
}
