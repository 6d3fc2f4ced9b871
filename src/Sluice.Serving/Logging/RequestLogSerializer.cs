using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Logging;

/// <summary>Turns a sampled request into the JSONL lines described in docs/serving-logs.md.</summary>
internal static class RequestLogSerializer
{
    public static IEnumerable<byte[]> Lines(RequestLogEntry entry, IReadOnlySet<string> redact)
    {
        var names = FeatureNames(entry);
        var ts = entry.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        for (var row = 0; row < entry.Rows; row++)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("ts", ts);
                w.WriteString("model", entry.Model.Name);
                w.WriteString("version", entry.Model.Version);
                w.WriteString("requestId", entry.RequestId);
                w.WriteNumber("row", row);
                w.WriteStartObject("features");
                var f = 0;
                foreach (var input in entry.Inputs)
                {
                    var per = input.RowLength;
                    for (var j = 0; j < per; j++, f++)
                    {
                        if (redact.Contains(names[f]))
                        {
                            continue;
                        }

                        w.WritePropertyName(names[f]);
                        WriteElement(w, input.Data.GetValue((row * per) + j));
                    }
                }

                w.WriteEndObject();
                w.WriteStartObject("outputs");
                foreach (var output in entry.Outputs)
                {
                    if (redact.Contains(output.Name) || output.Rows != entry.Rows)
                    {
                        continue;
                    }

                    w.WritePropertyName(output.Name);
                    var per = output.RowLength;
                    if (per == 1)
                    {
                        WriteElement(w, output.Data.GetValue(row));
                    }
                    else
                    {
                        w.WriteStartArray();
                        for (var j = 0; j < per; j++)
                        {
                            WriteElement(w, output.Data.GetValue((row * per) + j));
                        }

                        w.WriteEndArray();
                    }
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            yield return buffer.ToArray();
        }
    }

    // Booleans are logged as 0/1 so that drift statistics can treat them as numbers; the rest as in responses.
    private static void WriteElement(Utf8JsonWriter w, object? value)
    {
        if (value is bool b)
        {
            w.WriteNumberValue(b ? 1 : 0);
        }
        else
        {
            InferenceResponseWriter.WriteValue(w, value);
        }
    }

    private static string[] FeatureNames(RequestLogEntry entry)
    {
        var total = entry.Inputs.Sum(i => i.RowLength);
        if (entry.Model.FeatureNames is { } recorded && recorded.Count == total)
        {
            return recorded.ToArray();
        }

        return entry.Inputs.SelectMany(i => Enumerable.Range(0, i.RowLength).Select(j => $"{i.Name}_{j}")).ToArray();
    }
}
