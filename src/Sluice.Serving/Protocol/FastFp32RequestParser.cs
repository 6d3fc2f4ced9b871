using System.Text.Json;
using Microsoft.ML.OnnxRuntime.Tensors;
using Sluice.Serving.Models;

namespace Sluice.Serving.Protocol;

/// <summary>
/// The hot path: a v2 request whose inputs are all FP32 with flat data, read with Utf8JsonReader straight into
/// float arrays (no JsonDocument, no element list). It only accepts requests that are valid in every respect;
/// anything else (an error, nested data, an "outputs" filter, duplicate keys) returns null and goes through
/// <see cref="InferenceRequestParser"/>, so every error message comes from one place.
/// </summary>
internal static class FastFp32RequestParser
{
    public static InferenceRequest? TryParse(LoadedModel model, ReadOnlySpan<byte> body)
    {
        if (!model.AllInputsFloat)
        {
            return null;
        }

        try
        {
            return Parse(model, body);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // A string escape that is not valid Unicode: the general parser gives the error.
            return null;
        }
    }

    private static InferenceRequest? Parse(LoadedModel model, ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? id = null;
        TensorData[]? inputs = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                if ((seen & 1) != 0 || !reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                seen |= 1;
                id = reader.GetString();
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                if ((seen & 2) != 0 || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                seen |= 2;
                inputs = ReadInputs(model, ref reader);
                if (inputs is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                if ((seen & 4) != 0 || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                seen |= 4;
                reader.Skip();
            }
            else
            {
                // "outputs" and anything unknown: the general parser decides.
                return null;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || inputs is null)
        {
            return null;
        }

        var rows = inputs[0].Shape[0];
        foreach (var input in inputs)
        {
            if (input.Shape[0] != rows)
            {
                return null;
            }
        }

        return new InferenceRequest(id, inputs, model.OutputNames);
    }

    private static TensorData[]? ReadInputs(LoadedModel model, ref Utf8JsonReader reader)
    {
        var ordered = new TensorData[model.Inputs.Count];
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (ReadInput(model, ref reader) is not { } tensor)
            {
                return null;
            }

            var index = IndexOf(model, tensor.Name);
            if (ordered[index] is not null)
            {
                return null;
            }

            ordered[index] = tensor;
            count++;
        }

        return reader.TokenType == JsonTokenType.EndArray && count == ordered.Length ? ordered : null;
    }

    private static TensorData? ReadInput(LoadedModel model, ref Utf8JsonReader reader)
    {
        string? name = null;
        long[]? shape = null;
        float[]? data = null;
        var dataCount = 0;
        var datatypeOk = false;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int bit;
            if (reader.ValueTextEquals("name"u8))
            {
                bit = 1;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                name = reader.GetString();
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                bit = 2;
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    return null;
                }

                datatypeOk = reader.ValueTextEquals("FP32"u8);
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                bit = 4;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                var dims = new List<long>(2);
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    if (!reader.TryGetInt64(out var d) || d < 1)
                    {
                        return null;
                    }

                    dims.Add(d);
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    return null;
                }

                shape = [.. dims];
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                bit = 8;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                // The shape usually comes first and gives the size; capped, so a shape alone cannot make us allocate much.
                data = new float[shape is null ? 64 : (int)Math.Clamp(ElementCount(shape), 1, 4096)];
                while (reader.Read() && reader.TokenType == JsonTokenType.Number)
                {
                    if (!ShortDecimal.TryParseSingle(reader.ValueSpan, out var f))
                    {
                        if (!reader.TryGetDouble(out var v) || !double.IsFinite(v))
                        {
                            return null;
                        }

                        f = (float)v;
                    }

                    if (!float.IsFinite(f) || dataCount >= InferenceRequestParser.MaxElementsPerInput)
                    {
                        return null;
                    }

                    if (dataCount == data.Length)
                    {
                        Array.Resize(ref data, data.Length * 2);
                    }

                    data[dataCount++] = f;
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                bit = 16;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                reader.Skip();
            }
            else
            {
                bit = 0;
                reader.Read();
                reader.Skip();
            }

            if ((seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
        }

        if (reader.TokenType != JsonTokenType.EndObject || name is null || shape is null || data is null || !datatypeOk)
        {
            return null;
        }

        var index = IndexOf(model, name);
        var spec = index < 0 ? null : model.Inputs[index];
        if (spec is null || spec.Shape.Length != shape.Length)
        {
            return null;
        }

        long expected = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (spec.Shape[i] >= 0 && spec.Shape[i] != shape[i])
            {
                return null;
            }

            expected *= shape[i];
            if (expected > InferenceRequestParser.MaxElementsPerInput)
            {
                return null;
            }
        }

        if (expected != dataCount || shape.Length == 0)
        {
            return null;
        }

        if (data.Length != dataCount)
        {
            Array.Resize(ref data, dataCount);
        }

        return new TensorData(name, TensorElementType.Float, shape, data);
    }

    private static long ElementCount(long[] shape)
    {
        const long Cap = 1L << 40;
        long count = 1;
        foreach (var d in shape)
        {
            count = d > Cap / count ? Cap : count * d;
        }

        return count;
    }

    private static int IndexOf(LoadedModel model, string name)
    {
        for (var i = 0; i < model.Inputs.Count; i++)
        {
            if (model.Inputs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
