using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>One inference on a zero-filled row so the first real request does not pay for lazy initialisation.</summary>
internal static class WarmUp
{
    public static void Run(LoadedModel model)
    {
        var inputs = model.Inputs.Select(i =>
        {
            var shape = i.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            var count = checked((int)shape.Aggregate(1L, (a, b) => a * b));
            return OnnxConversion.ToOnnx(new TensorData(i.Name, i.ElementType, shape, ZeroArray(i.ElementType, count)));
        }).ToList();
        using var results = model.Session.Run(inputs);
        foreach (var r in results)
        {
            _ = OnnxConversion.FromOnnx(r);
        }
    }

    internal static Array ZeroArray(TensorElementType type, int count) => type switch
    {
        TensorElementType.Float => new float[count],
        TensorElementType.Double => new double[count],
        TensorElementType.Int64 => new long[count],
        TensorElementType.Int32 => new int[count],
        TensorElementType.Int16 => new short[count],
        TensorElementType.Int8 => new sbyte[count],
        TensorElementType.UInt64 => new ulong[count],
        TensorElementType.UInt32 => new uint[count],
        TensorElementType.UInt16 => new ushort[count],
        TensorElementType.UInt8 => new byte[count],
        TensorElementType.Bool => new bool[count],
        TensorElementType.Float16 => new Float16[count],
        TensorElementType.BFloat16 => new BFloat16[count],
        TensorElementType.String => Enumerable.Repeat("", count).ToArray(),
        _ => throw new NotSupportedException($"element type {type} is not supported"),
    };
}
