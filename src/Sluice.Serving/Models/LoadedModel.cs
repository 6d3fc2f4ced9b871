using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Models;

/// <summary>A model ready to run: its session, its declared inputs/outputs and its feature order.</summary>
public sealed class LoadedModel : IDisposable
{
    public const string FeatureNamesKey = "sluice.feature_names";

    internal LoadedModel(ModelSpec spec, InferenceSession session, string sha256)
    {
        Spec = spec;
        Session = session;
        Sha256 = sha256;
        Inputs = session.InputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToList();
        Outputs = session.OutputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToList();
        OutputNames = Outputs.Select(o => o.Name).ToArray();
        var custom = session.ModelMetadata.CustomMetadataMap;
        FeatureNames = spec.FeatureNames ?? (custom.TryGetValue(FeatureNamesKey, out var names) && !string.IsNullOrWhiteSpace(names)
            ? names.Split(',').Select(n => n.Trim()).ToArray()
            : null);
        AllInputsFloat = Inputs.Count > 0 && Inputs.All(i => i.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float);
        PrimaryOutput = Outputs.FirstOrDefault(o => o.IsTensor && o.ElementType is Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float
            or Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Double)?.Name;
    }

    public ModelSpec Spec { get; }

    public string Name => Spec.Name;

    public string Version => Spec.Version;

    public string Sha256 { get; }

    internal InferenceSession Session { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Every output name in model order: what a request without an "outputs" filter gets.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Feature names recorded by the project's ONNX writer, in column order; null when absent.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>Every input is FP32: requests may take the fast parser.</summary>
    internal bool AllInputsFloat { get; }

    /// <summary>The first floating-point output: its values feed the prediction histogram.</summary>
    public string? PrimaryOutput { get; }

    public void Dispose() => Session.Dispose();
}
