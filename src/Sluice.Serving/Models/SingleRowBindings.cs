using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>
/// One-row requests, the common online case, run on pooled ONNX Runtime IoBindings whose input and output tensors
/// stay allocated and pinned: a request copies its row in and its outputs out, instead of creating and disposing
/// OrtValues and letting ONNX Runtime allocate the outputs on every run (about a third of a small model's run).
/// Only for models whose every input and output is a numeric tensor with the same symbolic batch dimension first
/// and fixed dimensions after it, so a one-row run's output shapes are known before it runs.
/// </summary>
internal sealed class SingleRowBindings : IDisposable
{
    private readonly LoadedModel _model;
    private readonly RunOptions _runOptions;
    private readonly ConcurrentBag<Binding> _pool = [];

    private SingleRowBindings(LoadedModel model, RunOptions runOptions)
    {
        _model = model;
        _runOptions = runOptions;
    }

    public static SingleRowBindings? TryCreate(LoadedModel model, RunOptions runOptions)
    {
        var metadata = model.Session.InputMetadata.Values.Concat(model.Session.OutputMetadata.Values).ToList();
        var batch = metadata.Count > 0 && metadata[0].IsTensor && metadata[0].SymbolicDimensions.Length > 0 ? metadata[0].SymbolicDimensions[0] : "";
        var eligible = batch.Length > 0 && metadata.All(m => m.IsTensor && m.ElementDataType != TensorElementType.String
            && m.Dimensions.Length > 0 && m.SymbolicDimensions[0] == batch && m.Dimensions.Skip(1).All(d => d > 0));
        return eligible ? new SingleRowBindings(model, runOptions) : null;
    }

    /// <summary>Runs a one-row request; false when the request's arrays do not match the model's types or the run fails.</summary>
    public bool TryRun(IReadOnlyList<TensorData> inputs, IReadOnlyList<string> outputs, out InferenceResult result)
    {
        result = null!;
        if (inputs.Count != _model.Inputs.Count)
        {
            return false;
        }

        foreach (var name in outputs)
        {
            if (IndexOf(_model.Outputs, name) < 0)
            {
                return false;
            }
        }

        var binding = _pool.TryTake(out var pooled) ? pooled : new Binding(_model);
        for (var i = 0; i < inputs.Count; i++)
        {
            var index = binding.InputIndex(inputs[i].Name);
            if (index < 0 || inputs[i].Data.GetType() != binding.Inputs[index].GetType() || inputs[i].Data.Length != binding.Inputs[index].Length)
            {
                _pool.Add(binding);
                return false;
            }

            Array.Copy(inputs[i].Data, binding.Inputs[index], inputs[i].Data.Length);
        }

        double seconds;
        try
        {
            var started = Stopwatch.GetTimestamp();
            _model.Session.RunWithBinding(_runOptions, binding.Io);
            seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        catch (OnnxRuntimeException)
        {
            // A failed run may leave the binding in any state: never reuse it. The caller runs the request the
            // ordinary way, so an error reaches the client exactly as it would without bindings, and a model whose
            // declared output shapes are wrong still works.
            binding.Dispose();
            return false;
        }

        var decoded = new List<TensorData>(outputs.Count);
        foreach (var name in outputs)
        {
            var index = binding.OutputIndex(name);
            var source = binding.Outputs[index];
            var copy = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
            Array.Copy(source, copy, source.Length);
            var spec = _model.Outputs[index];
            decoded.Add(new TensorData(name, spec.ElementType, binding.OutputShapes[index], copy));
        }

        _pool.Add(binding);
        result = new InferenceResult(decoded, seconds, 1);
        return true;
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var binding))
        {
            binding.Dispose();
        }
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>One IoBinding with its one-row input and output tensors, used by one request at a time.</summary>
    private sealed class Binding : IDisposable
    {
        private readonly List<OrtValue> _values = [];
        private readonly LoadedModel _model;

        public Binding(LoadedModel model)
        {
            _model = model;
            Io = model.Session.CreateIoBinding();
            Inputs = model.Inputs.Select(spec => Bind(spec, input: true, out _)).ToArray();
            var shapes = new long[model.Outputs.Count][];
            Outputs = model.Outputs.Select((spec, i) => Bind(spec, input: false, out shapes[i])).ToArray();
            OutputShapes = shapes;
        }

        public OrtIoBinding Io { get; }

        public Array[] Inputs { get; }

        public Array[] Outputs { get; }

        public long[][] OutputShapes { get; }

        public int InputIndex(string name) => IndexOf(_model.Inputs, name);

        public int OutputIndex(string name) => IndexOf(_model.Outputs, name);

        public void Dispose()
        {
            Io.Dispose();
            foreach (var value in _values)
            {
                value.Dispose();
            }
        }

        private Array Bind(TensorSpec spec, bool input, out long[] shape)
        {
            shape = [1, .. spec.Shape.Skip(1)];
            var count = (int)shape.Aggregate(1L, (a, d) => a * d);
            var data = WarmUp.ZeroArray(spec.ElementType, count);
            var value = OrtValueConversion.ToOrtValue(new TensorData(spec.Name, spec.ElementType, shape, data));
            _values.Add(value);
            if (input)
            {
                Io.BindInput(spec.Name, value);
            }
            else
            {
                Io.BindOutput(spec.Name, value);
            }

            return data;
        }
    }
}
