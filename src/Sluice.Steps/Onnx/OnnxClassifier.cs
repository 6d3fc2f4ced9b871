using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sluice.Steps.Onnx;

/// <summary>
/// Runs a classifier ONNX model through ONNX Runtime, as serving does. Understands Sluice's outputs
/// (<c>probability</c> [N,1] or <c>probabilities</c> [N,K]) and reads the feature order and classes from metadata.
/// </summary>
internal sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _input;

    public OnnxClassifier(byte[] model, string source)
    {
        try
        {
            _session = new InferenceSession(model);
        }
        catch (OnnxRuntimeException e)
        {
            throw new StepException($"{source} is not a loadable ONNX model: {e.Message}", e);
        }

        _input = _session.InputMetadata.Keys.First();
        var meta = _session.ModelMetadata.CustomMetadataMap;
        FeatureNames = meta.TryGetValue("sluice.feature_names", out var f) ? f.Split(',') : [];
        Classes = meta.TryGetValue("sluice.classes", out var c) ? c.Split(',') : [];
        if (Classes.Count < 2)
        {
            throw new StepException($"{source} records no classes (metadata sluice.classes); evaluate needs a Sluice-trained classifier");
        }
    }

    public IReadOnlyList<string> FeatureNames { get; }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>Class probabilities of each row (in <see cref="Classes"/> order).</summary>
    public double[][] PredictProbabilities(double[][] rows)
    {
        var f = rows.Length == 0 ? 0 : rows[0].Length;
        var data = new float[rows.Length * f];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var j = 0; j < f; j++)
            {
                data[(r * f) + j] = (float)rows[r][j];
            }
        }

        var tensor = new DenseTensor<float>(data, [rows.Length, f]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(_input, tensor)]);
        var binary = results.FirstOrDefault(r => r.Name == "probability");
        if (binary is not null)
        {
            var p = binary.AsTensor<float>().ToArray();
            return p.Select(v => new[] { 1 - (double)v, v }).ToArray();
        }

        var probs = results.First(r => r.Name == "probabilities").AsTensor<float>().ToArray();
        var k = Classes.Count;
        return Enumerable.Range(0, rows.Length).Select(r => Enumerable.Range(0, k).Select(c => (double)probs[(r * k) + c]).ToArray()).ToArray();
    }

    public void Dispose() => _session.Dispose();
}
