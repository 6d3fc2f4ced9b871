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

        // By the exact element type: the runtime lets a byte[] pass as sbyte[] (and ulong[] as long[], ...), so
        // type patterns would print UINT64 18446744073709551615 as -1.
        switch (Type.GetTypeCode(data.GetType().GetElementType()))
        {
            case TypeCode.Single: foreach (var v in (float[])data) { WriteFloat(w, v); } break;
            case TypeCode.Double: foreach (var v in (double[])data) { WriteDouble(w, v); } break;
            case TypeCode.Int64: foreach (var v in (long[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.Int32: foreach (var v in (int[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.Int16: foreach (var v in (short[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.SByte: foreach (var v in (sbyte[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.UInt64: foreach (var v in (ulong[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.UInt32: foreach (var v in (uint[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.UInt16: foreach (var v in (ushort[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.Byte: foreach (var v in (byte[])data) { w.WriteNumberValue(v); } break;
            case TypeCode.Boolean: foreach (var v in (bool[])data) { w.WriteBooleanValue(v); } break;
            case TypeCode.String: foreach (var v in (string[])data) { w.WriteStringValue(v); } break;
            default:
                switch (data)
                {
                    case Float16[] a: foreach (var v in a) { WriteFloat(w, (float)BitConverter.UInt16BitsToHalf(v.value)); } break;
                    case BFloat16[] a: foreach (var v in a) { WriteFloat(w, BFloat16Bits.ToSingle(v)); } break;
                    default: foreach (var v in data) { WriteValue(w, v); } break;
                }

                break;
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
            case short v: w.WriteNumberValue(v); break;
            case sbyte v: w.WriteNumberValue(v); break;
            case ulong v: w.WriteNumberValue(v); break;
            case uint v: w.WriteNumberValue(v); break;
            case ushort v: w.WriteNumberValue(v); break;
            case byte v: w.WriteNumberValue(v); break;
            case Float16 v: WriteFloat(w, (float)BitConverter.UInt16BitsToHalf(v.value)); break;
            case BFloat16 v: WriteFloat(w, BFloat16Bits.ToSingle(v)); break;
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
