using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sluice.Serving.Protocol;

/// <summary>Open Inference Protocol v2 datatype names and their ONNX element types.</summary>
internal static class V2DataType
{
    public static string FromOnnx(TensorElementType type) => type switch
    {
        TensorElementType.Bool => "BOOL",
        TensorElementType.UInt8 => "UINT8",
        TensorElementType.UInt16 => "UINT16",
        TensorElementType.UInt32 => "UINT32",
        TensorElementType.UInt64 => "UINT64",
        TensorElementType.Int8 => "INT8",
        TensorElementType.Int16 => "INT16",
        TensorElementType.Int32 => "INT32",
        TensorElementType.Int64 => "INT64",
        TensorElementType.Float16 => "FP16",
        TensorElementType.Float => "FP32",
        TensorElementType.Double => "FP64",
        TensorElementType.String => "BYTES",
        TensorElementType.BFloat16 => "BF16",
        _ => throw new NotSupportedException($"ONNX element type {type} has no Open Inference Protocol datatype"),
    };

    public static bool IsSupported(TensorElementType type) => type is TensorElementType.Bool or TensorElementType.UInt8
        or TensorElementType.UInt16 or TensorElementType.UInt32 or TensorElementType.UInt64 or TensorElementType.Int8
        or TensorElementType.Int16 or TensorElementType.Int32 or TensorElementType.Int64 or TensorElementType.Float16
        or TensorElementType.BFloat16 or TensorElementType.Float or TensorElementType.Double or TensorElementType.String;
}
