using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Sluice.Serving.Protocol;

/// <summary>Flattens v2 `data` (flat or nested row-major) into a typed array, checking every element.</summary>
internal static class ElementDecoder
{
    public static Array Decode(string input, TensorElementType type, JsonElement data, int expectedCount)
    {
        if (type == TensorElementType.Float && TryDecodeFlatFloats(input, data, expectedCount) is { } floats)
        {
            return floats;
        }

        var elements = new List<JsonElement>(expectedCount);
        Flatten(input, data, elements, expectedCount, 0);
        if (elements.Count != expectedCount)
        {
            throw new InferenceRequestException($"input {input}: shape needs {expectedCount} elements but data has {elements.Count}");
        }

        return type switch
        {
            TensorElementType.Float => Map(elements, (e, i) => Float(input, e, i)),
            TensorElementType.Double => Map(elements, (e, i) => Double(input, e, i, "FP64")),
            TensorElementType.Float16 => Map(elements, (e, i) => Half(input, e, i)),
            TensorElementType.BFloat16 => Map(elements, (e, i) => BrainFloat(input, e, i)),
            TensorElementType.Int64 => Map(elements, (e, i) => Integer(input, e, i, "INT64", long.MinValue, long.MaxValue)),
            TensorElementType.Int32 => Map(elements, (e, i) => (int)Integer(input, e, i, "INT32", int.MinValue, int.MaxValue)),
            TensorElementType.Int16 => Map(elements, (e, i) => (short)Integer(input, e, i, "INT16", short.MinValue, short.MaxValue)),
            TensorElementType.Int8 => Map(elements, (e, i) => (sbyte)Integer(input, e, i, "INT8", sbyte.MinValue, sbyte.MaxValue)),
            TensorElementType.UInt8 => Map(elements, (e, i) => (byte)Integer(input, e, i, "UINT8", 0, byte.MaxValue)),
            TensorElementType.UInt16 => Map(elements, (e, i) => (ushort)Integer(input, e, i, "UINT16", 0, ushort.MaxValue)),
            TensorElementType.UInt32 => Map(elements, (e, i) => (uint)Integer(input, e, i, "UINT32", 0, uint.MaxValue)),
            TensorElementType.UInt64 => Map(elements, (e, i) => UInt64(input, e, i)),
            TensorElementType.Bool => Map(elements, (e, i) => e.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad(input, i, e, "true or false (BOOL)"),
            }),
            TensorElementType.String => Map(elements, (e, i) => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(input, i, e, "a string (BYTES)")),
            _ => throw new InferenceRequestException($"input {input}: element type {type} is not supported"),
        };
    }

    // The common case (flat FP32 data of the right length) without the intermediate element list; anything
    // else, including every error, takes the general path so messages stay the same.
    private static float[]? TryDecodeFlatFloats(string input, JsonElement data, int expectedCount)
    {
        if (data.GetArrayLength() != expectedCount)
        {
            return null;
        }

        var result = new float[expectedCount];
        var i = 0;
        foreach (var e in data.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            result[i] = Float(input, e, i);
            i++;
        }

        return result;
    }

    private static void Flatten(string input, JsonElement data, List<JsonElement> into, int limit, int depth)
    {
        if (depth > 32)
        {
            throw new InferenceRequestException($"input {input}: data is nested deeper than 32 levels");
        }

        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(input, item, into, limit, depth + 1);
            }
            else
            {
                if (into.Count >= limit)
                {
                    throw new InferenceRequestException($"input {input}: data has more than the {limit} elements the shape declares");
                }

                into.Add(item);
            }
        }
    }

    private static T[] Map<T>(List<JsonElement> elements, Func<JsonElement, int, T> convert)
    {
        var result = new T[elements.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = convert(elements[i], i);
        }

        return result;
    }

    private static InferenceRequestException Bad(string input, int index, JsonElement e, string expected)
    {
        var raw = e.GetRawText();
        if (raw.Length > 40)
        {
            raw = raw[..40] + "...";
        }

        return new InferenceRequestException($"input {input}: element {index} is {raw}, expected {expected}");
    }

    private static double Double(string input, JsonElement e, int i, string type) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v) ? v : throw Bad(input, i, e, $"a finite number ({type})");

    private static float Float(string input, JsonElement e, int i)
    {
        var f = (float)Double(input, e, i, "FP32");
        return float.IsFinite(f) ? f : throw Bad(input, i, e, "a finite number within FP32 range");
    }

    private static Float16 Half(string input, JsonElement e, int i)
    {
        var h = (Half)Double(input, e, i, "FP16");
        return System.Half.IsFinite(h) ? new Float16(BitConverter.HalfToUInt16Bits(h)) : throw Bad(input, i, e, "a finite number within FP16 range");
    }

    private static BFloat16 BrainFloat(string input, JsonElement e, int i)
    {
        var f = (float)Double(input, e, i, "BF16");
        var bits = BitConverter.SingleToUInt32Bits(f);

        // Round to nearest even on the 16 bits BF16 drops.
        var rounded = (bits + 0x7FFFu + ((bits >> 16) & 1)) >> 16;
        var value = new BFloat16((ushort)rounded);
        return float.IsFinite(BFloat16Bits.ToSingle(value)) ? value : throw Bad(input, i, e, "a finite number within BF16 range");
    }

    private static long Integer(string input, JsonElement e, int i, string type, long min, long max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) && v >= min && v <= max
            ? v
            : throw Bad(input, i, e, $"a whole number from {min} to {max} ({type})");

    private static ulong UInt64(string input, JsonElement e, int i) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out var v) ? v : throw Bad(input, i, e, "a whole number from 0 to 18446744073709551615 (UINT64)");
}
