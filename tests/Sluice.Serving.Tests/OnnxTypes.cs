namespace Sluice.Serving.Tests;

/// <summary>ONNX ValueInfoProto and TypeProto pieces shared by the hand-built test models; -1 is a dimension named N.</summary>
internal static class OnnxTypes
{
    public static ProtoWriter Value(string name, ProtoWriter type) => new ProtoWriter().String(1, name).Message(2, type);

    /// <summary>seq(map(key, tensor(value))): what ZipMap outputs.</summary>
    public static ProtoWriter SequenceOfMaps(int keyType, int valueType) => new ProtoWriter().Message(4,
        new ProtoWriter().Message(1, new ProtoWriter().Message(5, new ProtoWriter().Int(1, keyType).Message(2, Tensor(valueType)))));

    public static ProtoWriter Tensor(int elementType, params long[] dims)
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
