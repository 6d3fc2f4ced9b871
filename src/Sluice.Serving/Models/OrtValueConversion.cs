using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>
/// The fast path for numeric tensors: OrtValues over the decoded (pinned) arrays instead of NamedOnnxValue and
/// DenseTensor, and outputs copied straight out of native memory. Strings and non-tensor outputs use <see cref="OnnxConversion"/>.
/// </summary>
internal static class OrtValueConversion
{
    public static bool CanWrap(TensorData tensor) => tensor.Data is not (string[] or object[]);

    // By the declared type, not the array's: the runtime lets a byte[] pass as sbyte[] (and uint[] as int[], ...).
    public static OrtValue ToOrtValue(TensorData tensor) => tensor.ElementType switch
    {
        TensorElementType.Float => OrtValue.CreateTensorValueFromMemory((float[])tensor.Data, tensor.Shape),
        TensorElementType.Double => OrtValue.CreateTensorValueFromMemory((double[])tensor.Data, tensor.Shape),
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory((long[])tensor.Data, tensor.Shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory((int[])tensor.Data, tensor.Shape),
        TensorElementType.Int16 => OrtValue.CreateTensorValueFromMemory((short[])tensor.Data, tensor.Shape),
        TensorElementType.Int8 => OrtValue.CreateTensorValueFromMemory((sbyte[])tensor.Data, tensor.Shape),
        TensorElementType.UInt64 => OrtValue.CreateTensorValueFromMemory((ulong[])tensor.Data, tensor.Shape),
        TensorElementType.UInt32 => OrtValue.CreateTensorValueFromMemory((uint[])tensor.Data, tensor.Shape),
        TensorElementType.UInt16 => OrtValue.CreateTensorValueFromMemory((ushort[])tensor.Data, tensor.Shape),
        TensorElementType.UInt8 => OrtValue.CreateTensorValueFromMemory((byte[])tensor.Data, tensor.Shape),
        TensorElementType.Bool => OrtValue.CreateTensorValueFromMemory((bool[])tensor.Data, tensor.Shape),
        TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory((Float16[])tensor.Data, tensor.Shape),
        TensorElementType.BFloat16 => OrtValue.CreateTensorValueFromMemory((BFloat16[])tensor.Data, tensor.Shape),
        _ => throw new NotSupportedException($"input {tensor.Name}: unsupported element array {tensor.Data.GetType().Name}"),
    };

    public static TensorData FromOrtValue(string name, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => value.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => value.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Int16 => value.GetTensorDataAsSpan<short>().ToArray(),
            TensorElementType.Int8 => value.GetTensorDataAsSpan<sbyte>().ToArray(),
            TensorElementType.UInt64 => value.GetTensorDataAsSpan<ulong>().ToArray(),
            TensorElementType.UInt32 => value.GetTensorDataAsSpan<uint>().ToArray(),
            TensorElementType.UInt16 => value.GetTensorDataAsSpan<ushort>().ToArray(),
            TensorElementType.UInt8 => value.GetTensorDataAsSpan<byte>().ToArray(),
            TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.Float16 => value.GetTensorDataAsSpan<Float16>().ToArray(),
            TensorElementType.BFloat16 => value.GetTensorDataAsSpan<BFloat16>().ToArray(),
            TensorElementType.String => value.GetStringTensorAsArray(),
            _ => throw new NotSupportedException($"output {name}: element type {info.ElementDataType} is not supported"),
        };
        return new TensorData(name, info.ElementDataType, info.Shape, data);
    }
}
