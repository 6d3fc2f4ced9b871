using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>Runs validated requests on a model, directly or through its dynamic batcher.</summary>
internal sealed class ModelRunner : IAsyncDisposable
{
    private readonly DynamicBatcher? _batcher;
    private readonly RunOptions _runOptions = new();
    private readonly bool _tensorOutputsOnly;
    private readonly SingleRowBindings? _singleRow;

    public ModelRunner(LoadedModel model)
    {
        Model = model;
        _tensorOutputsOnly = model.Outputs.All(o => o.IsTensor);
        _singleRow = SingleRowBindings.TryCreate(model, _runOptions);
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
        if (_singleRow is not null && inputs.Count > 0 && inputs[0].Rows == 1 && _singleRow.TryRun(inputs, outputs, out var single))
        {
            return single;
        }

        if (_tensorOutputsOnly && AllWrappable(inputs))
        {
            return RunOrtValues(inputs, outputs);
        }

        var onnxInputs = inputs.Select(OnnxConversion.ToOnnx).ToList();
        var watch = Stopwatch.StartNew();
        using var results = Model.Session.Run(onnxInputs, outputs);
        var elapsed = watch.Elapsed.TotalSeconds;
        var decoded = results.Select(OnnxConversion.FromOnnx).ToList();
        return new InferenceResult(decoded, elapsed, inputs.Count == 0 ? 0 : inputs[0].Rows);
    }

    private static bool AllWrappable(IReadOnlyList<TensorData> inputs)
    {
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!OrtValueConversion.CanWrap(inputs[i]))
            {
                return false;
            }
        }

        return true;
    }

    private InferenceResult RunOrtValues(IReadOnlyList<TensorData> inputs, IReadOnlyList<string> outputs)
    {
        var names = new string[inputs.Count];
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                names[i] = inputs[i].Name;
                values[i] = OrtValueConversion.ToOrtValue(inputs[i]);
            }

            var started = Stopwatch.GetTimestamp();
            using var results = Model.Session.Run(_runOptions, names, values, outputs);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var decoded = new List<TensorData>(results.Count);
            var index = 0;
            foreach (var result in results)
            {
                decoded.Add(OrtValueConversion.FromOrtValue(outputs[index++], result));
            }

            return new InferenceResult(decoded, elapsed, inputs.Count == 0 ? 0 : inputs[0].Rows);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }

        _singleRow?.Dispose();
        _runOptions.Dispose();
    }
}
