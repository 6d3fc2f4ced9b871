using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Protocol;

/// <summary>BF16 is the upper half of an FP32: widening is a shift.</summary>
internal static class BFloat16Bits
{
    public static float ToSingle(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.value << 16);
}
