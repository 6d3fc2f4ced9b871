using System.Diagnostics;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>Runs validated requests on a model, directly or through its dynamic batcher.</summary>
internal sealed class ModelRunner : IAsyncDisposable
{
    private readonly DynamicBatcher? _batcher;

    public ModelRunner(LoadedModel model)
    {
        Model = model;
        if (model.Spec.Batching is { MaxBatchSize: > 1 } batching && model.Inputs.All(i => i.Shape.Length > 0 && i.Shape[0] < 0))
        {
            _batcher = new DynamicBatcher(this, batching);
        }
    }

    public LoadedModel Model { get; }

    public bool Batching => _batcher is not null;

    public Task<InferenceResult> RunAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        _batcher is not null ? _batcher.EnqueueAsync(request, cancellationToken) : Task.FromResult(RunNow(request.Inputs, request.Outputs));

    internal InferenceResult RunNow(IReadOnlyList<TensorData> inputs, IReadOnlyList<string> outputs)
    {
        var onnxInputs = inputs.Select(OnnxConversion.ToOnnx).ToList();
        var watch = Stopwatch.StartNew();
        using var results = Model.Session.Run(onnxInputs, outputs);
        var elapsed = watch.Elapsed.TotalSeconds;
        var decoded = results.Select(OnnxConversion.FromOnnx).ToList();
        return new InferenceResult(decoded, elapsed, inputs.Count == 0 ? 0 : inputs[0].Rows);
    }

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }
    }
}
