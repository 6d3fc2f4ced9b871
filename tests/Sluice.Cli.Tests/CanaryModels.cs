using Sluice.Steps.Data;
using Sluice.Steps.Onnx;
using Sluice.Steps.Training;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// Breast-cancer models that are wrong in one way each, written as ONNX files for canary tests: a logistic regression
/// with its output inverted (fast, error-free, wrong), and the same regression right but slow on every request.
/// </summary>
internal static class CanaryModels
{
    /// <summary>Every weight and the bias negated: the probability of benign is one minus the right one.</summary>
    public static async Task<string> InvertedAsync(string directory, CancellationToken token)
    {
        var model = await TrainAsync(token);
        var weights = (double[,])model.Weights.Clone();
        for (var j = 0; j < weights.GetLength(0); j++)
        {
            weights[j, 0] = -weights[j, 0];
        }

        var file = Path.Combine(directory, "inverted.onnx");
        await File.WriteAllBytesAsync(file, OnnxModelWriter.Write(model with { Weights = weights, Bias = [.. model.Bias.Select(b => -b)] }, "test"), token);
        return new Uri(file).AbsoluteUri;
    }

    /// <summary>
    /// The regression's right answers, plus <paramref name="layers"/> 512×512 matrix products per row whose sum is
    /// multiplied by zero before it joins the logit: ONNX Runtime computes them on every request (their input is the
    /// request), so every answer is late by the same work, as a model too large for its hardware is.
    /// </summary>
    public static async Task<string> SlowAsync(string directory, int layers, CancellationToken token)
    {
        var model = await TrainAsync(token);
        const int Width = 512;
        var features = model.FeatureNames.Count;
        var random = new Random(7);
        float[] Matrix(int rows, int columns) => [.. Enumerable.Range(0, rows * columns).Select(_ => (float)((random.NextDouble() - 0.5) * 2 / Math.Sqrt(rows)))];
        var proto = new ProtoWriter()
            .Int64(1, 8).String(2, "sluice-tests").String(3, "slow").String(4, "dev.sluice").Int64(5, 1)
            .Message(7, graph =>
            {
                OnnxModelWriter.Node(graph, "Sub", ["input", "mean"], ["centered"]);
                OnnxModelWriter.Node(graph, "Div", ["centered", "scale"], ["standardized"]);
                OnnxModelWriter.Node(graph, "MatMul", ["standardized", "weights"], ["linear"]);
                OnnxModelWriter.Node(graph, "Add", ["linear", "bias"], ["right"]);
                OnnxModelWriter.Node(graph, "MatMul", ["standardized", "widen"], ["h0"]);
                for (var i = 1; i <= layers; i++)
                {
                    OnnxModelWriter.Node(graph, "MatMul", [$"h{i - 1}", "square"], [$"m{i}"]);
                    OnnxModelWriter.Node(graph, "Tanh", [$"m{i}"], [$"h{i}"]);
                }

                OnnxModelWriter.Node(graph, "ReduceSum", [$"h{layers}"], ["work"], ("keepdims", 1));
                OnnxModelWriter.Node(graph, "Mul", ["work", "zero"], ["nothing"]);
                OnnxModelWriter.Node(graph, "Add", ["right", "nothing"], ["logits"]);
                OnnxModelWriter.Node(graph, "Sigmoid", ["logits"], ["probability"]);
                graph.String(2, "sluice_slow");
                OnnxModelWriter.Tensor(graph, "mean", [features], [.. model.Mean.Select(v => (float)v)]);
                OnnxModelWriter.Tensor(graph, "scale", [features], [.. model.Scale.Select(v => (float)v)]);
                OnnxModelWriter.Tensor(graph, "weights", [features, 1], [.. Enumerable.Range(0, features).Select(j => (float)model.Weights[j, 0])]);
                OnnxModelWriter.Tensor(graph, "bias", [1], [(float)model.Bias[0]]);
                OnnxModelWriter.Tensor(graph, "widen", [features, Width], Matrix(features, Width));
                OnnxModelWriter.Tensor(graph, "square", [Width, Width], Matrix(Width, Width));
                OnnxModelWriter.Tensor(graph, "zero", [1], [0f]);
                OnnxModelWriter.ValueInfo(graph, 11, OnnxModelWriter.InputName, 1, [null, features]);
                OnnxModelWriter.ValueInfo(graph, 12, "probability", 1, [null, 1]);
            })
            .Message(8, opset => opset.String(1, "").Int64(2, 17));
        var file = Path.Combine(directory, $"slow-{layers}.onnx");
        await File.WriteAllBytesAsync(file, proto.ToArray(), token);
        return new Uri(file).AbsoluteUri;
    }

    private static async Task<LinearModel> TrainAsync(CancellationToken token)
    {
        var csv = Path.Combine(RepositoryRoot.Path, "tests", "testdata", "datasets", "breast_cancer.csv");
        await using var stream = File.OpenRead(csv);
        var table = await CsvTable.ReadAsync(stream, csv, token);
        return LinearTrainer.Train(FeatureMatrix.From(table, "target", null, csv), new TrainerOptions()).Model;
    }
}
