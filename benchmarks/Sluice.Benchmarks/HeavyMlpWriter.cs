using Sluice.Steps.Onnx;

namespace Sluice.Benchmarks;

/// <summary>
/// Writes a deliberately heavy ONNX model for the serving benchmark's batching figures: the breast-cancer input
/// (float [batch, 30] "input") through two ReLU layers of <c>hidden</c> units to a sigmoid "probability" [batch, 1],
/// with seeded He-initialised weights. One row costs about 30·H + H² multiply-adds, so the model run, not HTTP,
/// dominates a request, which is the case dynamic batching exists for.
/// </summary>
internal static class HeavyMlpWriter
{
    private const int Features = 30;
    private const int FloatType = 1;

    public static byte[] Write(int hidden, int seed)
    {
        var random = new Random(seed);
        var proto = new ProtoWriter()
            .Int64(1, 8)
            .String(2, "sluice-benchmarks")
            .Int64(5, 1)
            .Message(7, graph =>
            {
                OnnxModelWriter.Node(graph, "MatMul", ["input", "w1"], ["h1"]);
                OnnxModelWriter.Node(graph, "Add", ["h1", "b1"], ["h1b"]);
                OnnxModelWriter.Node(graph, "Relu", ["h1b"], ["a1"]);
                OnnxModelWriter.Node(graph, "MatMul", ["a1", "w2"], ["h2"]);
                OnnxModelWriter.Node(graph, "Add", ["h2", "b2"], ["h2b"]);
                OnnxModelWriter.Node(graph, "Relu", ["h2b"], ["a2"]);
                OnnxModelWriter.Node(graph, "MatMul", ["a2", "w3"], ["logit"]);
                OnnxModelWriter.Node(graph, "Add", ["logit", "b3"], ["logitb"]);
                OnnxModelWriter.Node(graph, "Sigmoid", ["logitb"], ["probability"]);
                graph.String(2, "heavy_mlp");
                OnnxModelWriter.Tensor(graph, "w1", [Features, hidden], Weights(random, Features, hidden, 1.0 / 1000));
                OnnxModelWriter.Tensor(graph, "b1", [hidden], new float[hidden]);
                OnnxModelWriter.Tensor(graph, "w2", [hidden, hidden], Weights(random, hidden, hidden, 1));
                OnnxModelWriter.Tensor(graph, "b2", [hidden], new float[hidden]);
                OnnxModelWriter.Tensor(graph, "w3", [hidden, 1], Weights(random, hidden, 1, 0.1));
                OnnxModelWriter.Tensor(graph, "b3", [1], [0f]);
                OnnxModelWriter.ValueInfo(graph, 11, "input", FloatType, [null, Features]);
                OnnxModelWriter.ValueInfo(graph, 12, "probability", FloatType, [null, 1]);
            })
            .Message(8, opset => opset.String(1, "").Int64(2, 17));
        return proto.ToArray();
    }

    // He initialisation, scaled down for the first layer because the raw breast-cancer features reach the thousands.
    private static float[] Weights(Random random, int rows, int columns, double scale)
    {
        var std = Math.Sqrt(2.0 / rows) * scale;
        var weights = new float[rows * columns];
        for (var i = 0; i < weights.Length; i++)
        {
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            weights[i] = (float)(gaussian * std);
        }

        return weights;
    }
}
