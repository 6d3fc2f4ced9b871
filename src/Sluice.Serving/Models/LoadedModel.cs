using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Models;

/// <summary>A model ready to run: its session, its declared inputs/outputs and its feature order.</summary>
public sealed class LoadedModel : IDisposable
{
    public const string FeatureNamesKey = "sluice.feature_names";

    internal LoadedModel(ModelSpec spec, InferenceSession session, string sha256, IReadOnlyList<string>? profileNames)
    {
        Spec = spec;
        Session = session;
        Sha256 = sha256;
        Inputs = session.InputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToList();
        Outputs = session.OutputMetadata.Select(kv => TensorSpec.From(kv.Key, kv.Value)).ToList();
        OutputNames = Outputs.Select(o => o.Name).ToArray();
        RowWidth = RowWidthOf(Inputs);
        var custom = session.ModelMetadata.CustomMetadataMap;
        var recorded = custom.TryGetValue(FeatureNamesKey, out var names) && !string.IsNullOrWhiteSpace(names)
            ? names.Split(',').Select(n => n.Trim()).ToArray()
            : null;
        // docs/serving-logs.md: the names given, else the model's own, else the profile's when they fit a row (a
        // profile of other data must not label these values); a width known only per request is checked then.
        FeatureNames = spec.FeatureNames ?? recorded
            ?? (profileNames is { } fromProfile && (RowWidth is null || fromProfile.Count == RowWidth) ? fromProfile : null);
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

    /// <summary>
    /// Feature names in column order: the spec's, else those the project's ONNX writer records, else the profile's;
    /// null when none apply (request logs then write INPUT_INDEX).
    /// </summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>Values in one row across every input (the elements past the batch dimension); null when a dimension varies.</summary>
    public long? RowWidth { get; }

    /// <summary>Every input is FP32: requests may take the fast parser.</summary>
    internal bool AllInputsFloat { get; }

    /// <summary>The first floating-point output: its values feed the prediction histogram.</summary>
    public string? PrimaryOutput { get; }

    public void Dispose() => Session.Dispose();

    private static long? RowWidthOf(IReadOnlyList<TensorSpec> inputs)
    {
        long width = 0;
        foreach (var input in inputs)
        {
            var dims = input.Shape.Skip(1).ToArray();
            if (!input.IsTensor || dims.Any(d => d < 0))
            {
                return null;
            }

            width += dims.Aggregate(1L, (a, d) => a * d);
        }

        return width > 0 ? width : null;
    }
}
