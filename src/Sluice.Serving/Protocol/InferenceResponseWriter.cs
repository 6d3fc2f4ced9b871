using System.Collections;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Protocol;

/// <summary>
/// Writes the v2 infer response. Tensors use their v2 datatype with flat row-major data; a sequence of maps
/// (ZipMap) is written as datatype BYTES, shape [rows], data = one JSON object per row, and the output's
/// parameters carry "content_type": "sluice/map".
/// </summary>
internal static class InferenceResponseWriter
{
    public static void Write(Utf8JsonWriter w, string model, string version, string? id, IEnumerable<TensorData> outputs)
    {
        w.WriteStartObject();
        w.WriteString("model_name", model);
        w.WriteString("model_version", version);
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        w.WriteStartArray("outputs");
        foreach (var o in outputs)
        {
            w.WriteStartObject();
            w.WriteString("name", o.Name);
            w.WriteString("datatype", o.DataType);
            w.WriteStartArray("shape");
            foreach (var d in o.Shape)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            if (o.IsMapSequence)
            {
                w.WriteStartObject("parameters");
                w.WriteString("content_type", "sluice/map");
                w.WriteEndObject();
            }

            w.WritePropertyName("data");
            WriteArray(w, o.Data);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter w, Array data)
    {
        w.WriteStartArray();
        switch (data)
        {
            case float[] a: foreach (var v in a) { WriteFloat(w, v); } break;
            case double[] a: foreach (var v in a) { WriteDouble(w, v); } break;
            case long[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case int[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case short[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case sbyte[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case ulong[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case uint[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case ushort[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case byte[] a: foreach (var v in a) { w.WriteNumberValue(v); } break;
            case bool[] a: foreach (var v in a) { w.WriteBooleanValue(v); } break;
            case Float16[] a: foreach (var v in a) { WriteDouble(w, (double)BitConverter.UInt16BitsToHalf(v.value)); } break;
            case string[] a: foreach (var v in a) { w.WriteStringValue(v); } break;
            default: foreach (var v in data) { WriteValue(w, v); } break;
        }

        w.WriteEndArray();
    }

    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case float f: WriteFloat(w, f); break;
            case double d: WriteDouble(w, d); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case IDictionary<string, object?> map:
                w.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    w.WritePropertyName(k);
                    WriteValue(w, v);
                }

                w.WriteEndObject();
                break;
            case Array a: WriteArray(w, a); break;
            case IEnumerable e:
                w.WriteStartArray();
                foreach (var v in e)
                {
                    WriteValue(w, v);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    // JSON has no NaN/Infinity: a model that produces one gets null rather than an unparseable body.
    private static void WriteFloat(Utf8JsonWriter w, float v)
    {
        if (float.IsFinite(v)) { w.WriteNumberValue(v); } else { w.WriteNullValue(); }
    }

    private static void WriteDouble(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) { w.WriteNumberValue(v); } else { w.WriteNullValue(); }
    }
}
