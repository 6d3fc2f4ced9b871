using System.Collections;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Models;

/// <summary>Moves decoded tensors into ONNX Runtime and results back out.</summary>
internal static class OnnxConversion
{
    public static NamedOnnxValue ToOnnx(TensorData tensor)
    {
        var dims = tensor.Shape.Select(d => checked((int)d)).ToArray();
        // By the declared type, not the array's: the runtime lets a byte[] pass as sbyte[] (and uint[] as int[], ...).
        return tensor.ElementType switch
        {
            TensorElementType.Float => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<float>((float[])tensor.Data, dims)),
            TensorElementType.Double => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<double>((double[])tensor.Data, dims)),
            TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<long>((long[])tensor.Data, dims)),
            TensorElementType.Int32 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<int>((int[])tensor.Data, dims)),
            TensorElementType.Int16 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<short>((short[])tensor.Data, dims)),
            TensorElementType.Int8 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<sbyte>((sbyte[])tensor.Data, dims)),
            TensorElementType.UInt64 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<ulong>((ulong[])tensor.Data, dims)),
            TensorElementType.UInt32 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<uint>((uint[])tensor.Data, dims)),
            TensorElementType.UInt16 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<ushort>((ushort[])tensor.Data, dims)),
            TensorElementType.UInt8 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<byte>((byte[])tensor.Data, dims)),
            TensorElementType.Bool => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<bool>((bool[])tensor.Data, dims)),
            TensorElementType.Float16 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<Float16>((Float16[])tensor.Data, dims)),
            TensorElementType.BFloat16 => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<BFloat16>((BFloat16[])tensor.Data, dims)),
            TensorElementType.String => NamedOnnxValue.CreateFromTensor(tensor.Name, new DenseTensor<string>((string[])tensor.Data, dims)),
            _ => throw new NotSupportedException($"input {tensor.Name}: unsupported element array {tensor.Data.GetType().Name}"),
        };
    }

    public static TensorData FromOnnx(DisposableNamedOnnxValue value)
    {
        if (value.ValueType == OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return value.ElementType switch
            {
                TensorElementType.Float => Tensor<float>(value),
                TensorElementType.Double => Tensor<double>(value),
                TensorElementType.Int64 => Tensor<long>(value),
                TensorElementType.Int32 => Tensor<int>(value),
                TensorElementType.Int16 => Tensor<short>(value),
                TensorElementType.Int8 => Tensor<sbyte>(value),
                TensorElementType.UInt64 => Tensor<ulong>(value),
                TensorElementType.UInt32 => Tensor<uint>(value),
                TensorElementType.UInt16 => Tensor<ushort>(value),
                TensorElementType.UInt8 => Tensor<byte>(value),
                TensorElementType.Bool => Tensor<bool>(value),
                TensorElementType.Float16 => Tensor<Float16>(value),
                TensorElementType.BFloat16 => Tensor<BFloat16>(value),
                TensorElementType.String => Tensor<string>(value),
                _ => throw new NotSupportedException($"output {value.Name}: element type {value.ElementType} is not supported"),
            };
        }

        if (value.ValueType == OnnxValueType.ONNX_TYPE_SEQUENCE)
        {
            var items = value.AsEnumerable<NamedOnnxValue>().Select(ToPlain).ToArray();
            return new TensorData(value.Name, TensorElementType.String, [items.Length], items) { IsMapSequence = true };
        }

        if (value.ValueType == OnnxValueType.ONNX_TYPE_MAP)
        {
            return new TensorData(value.Name, TensorElementType.String, [1], new[] { ToPlain(value) }) { IsMapSequence = true };
        }

        throw new NotSupportedException($"output {value.Name}: value type {value.ValueType} is not supported");
    }

    private static TensorData Tensor<T>(DisposableNamedOnnxValue value)
    {
        var tensor = value.AsTensor<T>();
        return new TensorData(value.Name, value.ElementType, tensor.Dimensions.ToArray().Select(d => (long)d).ToArray(), tensor.ToArray());
    }

    private static object? ToPlain(NamedOnnxValue item)
    {
        if (item.Value is IDictionary map)
        {
            var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in map)
            {
                result[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? ""] = entry.Value;
            }

            return result;
        }

        if (item.Value is IEnumerable<NamedOnnxValue> nested)
        {
            return nested.Select(ToPlain).ToArray();
        }

        return item.Value is Tensor<float> t ? t.ToArray() : item.Value;
    }
}
