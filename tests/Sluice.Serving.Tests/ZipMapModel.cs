namespace Sluice.Serving.Tests;

/// <summary>
/// Builds the shape of model scikit-learn converters emit: Softmax probabilities, an ArgMax label and a ZipMap
/// (ai.onnx.ml) turning probabilities into a sequence of {class: probability} maps, with recorded feature names.
/// </summary>
internal static class ZipMapModel
{
    private const int Float = 1;
    private const int Int64 = 7;

    public static byte[] Build()
    {
        var graph = new ProtoWriter()
            .Message(1, Node("Softmax", "", ["X"], ["output_probabilities"], new ProtoWriter().String(1, "axis").Int(20, 2).Int(3, 1)))
            .Message(1, Node("ArgMax", "", ["X"], ["output_label"], new ProtoWriter().String(1, "axis").Int(20, 2).Int(3, 1),
                new ProtoWriter().String(1, "keepdims").Int(20, 2).Int(3, 0)))
            .Message(1, Node("ZipMap", "ai.onnx.ml", ["output_probabilities"], ["output_probability"],
                new ProtoWriter().String(1, "classlabels_int64s").Int(20, 7).Int(8, 0).Int(8, 1).Int(8, 2)))
            .String(2, "zipmap_test")
            .Message(11, OnnxTypes.Value("X", OnnxTypes.Tensor(Float, -1, 3)))
            .Message(12, OnnxTypes.Value("output_label", OnnxTypes.Tensor(Int64, -1)))
            .Message(12, OnnxTypes.Value("output_probability", OnnxTypes.SequenceOfMaps(Int64, Float)));
        return new ProtoWriter()
            .Int(1, 8)
            .String(2, "sluice-test")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 13))
            .Message(8, new ProtoWriter().String(1, "ai.onnx.ml").Int(2, 1))
            .Message(14, new ProtoWriter().String(1, "sluice.feature_names").String(2, "sepal_length, sepal_width ,petal_length"))
            .ToArray();
    }

    private static ProtoWriter Node(string op, string domain, string[] inputs, string[] outputs, params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(3, op + "_node").String(4, op).String(7, domain);
        foreach (var a in attributes)
        {
            node.Message(5, a);
        }

        return node;
    }
}
