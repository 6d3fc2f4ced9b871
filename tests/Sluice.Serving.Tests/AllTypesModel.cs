namespace Sluice.Serving.Tests;

/// <summary>
/// One Identity per tensor datatype ONNX and the v2 protocol share: input <c>x_TYPE</c> [N, 2] to output
/// <c>y_TYPE</c>, so a request's values must come back unchanged, in the same datatype.
/// </summary>
internal static class AllTypesModel
{
    /// <summary>The v2 datatype and its ONNX TensorProto.DataType number.</summary>
    public static readonly (string V2, int Onnx)[] Types =
    [
        ("BOOL", 9), ("UINT8", 2), ("UINT16", 4), ("UINT32", 12), ("UINT64", 13), ("INT8", 3), ("INT16", 5),
        ("INT32", 6), ("INT64", 7), ("FP16", 10), ("BF16", 16), ("FP32", 1), ("FP64", 11), ("BYTES", 8),
    ];

    public static byte[] Build()
    {
        var graph = new ProtoWriter();
        foreach (var (v2, _) in Types)
        {
            graph.Message(1, new ProtoWriter().String(1, $"x_{v2}").String(2, $"y_{v2}").String(3, $"identity_{v2}").String(4, "Identity"));
        }

        graph.String(2, "all_types");
        foreach (var (v2, onnx) in Types)
        {
            graph.Message(11, OnnxTypes.Value($"x_{v2}", OnnxTypes.Tensor(onnx, -1, 2)));
        }

        foreach (var (v2, onnx) in Types)
        {
            graph.Message(12, OnnxTypes.Value($"y_{v2}", OnnxTypes.Tensor(onnx, -1, 2)));
        }

        return new ProtoWriter()
            .Int(1, 8)
            .String(2, "sluice-test")
            .Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, 17))
            .ToArray();
    }
}
