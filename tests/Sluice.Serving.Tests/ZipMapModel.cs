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
            .Message(11, Value("X", Tensor(Float, -1, 3)))
            .Message(12, Value("output_label", Tensor(Int64, -1)))
            .Message(12, Value("output_probability", new ProtoWriter().Message(4,
                new ProtoWriter().Message(1, new ProtoWriter().Message(5, new ProtoWriter().Int(1, Int64).Message(2, Tensor(Float)))))));
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

    private static ProtoWriter Value(string name, ProtoWriter type) => new ProtoWriter().String(1, name).Message(2, type);

    private static ProtoWriter Tensor(int elementType, params long[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            shape.Message(1, d < 0 ? new ProtoWriter().String(2, "N") : new ProtoWriter().Int(1, d));
        }

        var tensor = new ProtoWriter().Int(1, elementType);
        if (dims.Length > 0)
        {
            tensor.Message(2, shape);
        }

        return new ProtoWriter().Message(1, tensor);
    }
}
