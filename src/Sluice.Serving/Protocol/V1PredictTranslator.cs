using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Serving.Models;

namespace Sluice.Serving.Protocol;

/// <summary>
/// The convenience v1 protocol (TensorFlow Serving / KServe v1 style): <c>{"instances": [...]}</c> in,
/// <c>{"predictions": [...]}</c> out, one element per row. It is translated into a v2 request, so every strict
/// check of the v2 parser applies.
/// </summary>
internal static class V1PredictTranslator
{
    /// <summary>An instance is a row (a number, string or nested array) for a one-input model, else an object keyed by input name.</summary>
    public static InferenceRequest ToRequest(LoadedModel model, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("instances", out var instances) || instances.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceRequestException("the request body must be a JSON object with \"instances\": an array with one element per row");
        }

        var rows = instances.GetArrayLength();
        if (rows == 0)
        {
            throw new InferenceRequestException("\"instances\" is empty; give at least one row");
        }

        var inputs = new JsonArray();
        foreach (var spec in model.Inputs)
        {
            var data = new JsonArray();
            int[]? rowShape = null;
            var index = 0;
            foreach (var instance in instances.EnumerateArray())
            {
                var value = Cell(model, spec.Name, instance, index);
                var shape = ShapeOf(value);
                if (rowShape is not null && !rowShape.SequenceEqual(shape))
                {
                    throw new InferenceRequestException(
                        $"instances[{index}] for input {spec.Name} has shape [{string.Join(", ", shape)}] but instances[0] has [{string.Join(", ", rowShape)}]; every row must have the same shape");
                }

                rowShape = shape;
                Flatten(value, data);
                index++;
            }

            var fullShape = new JsonArray(rows);
            foreach (var d in rowShape!)
            {
                fullShape.Add(d);
            }

            inputs.Add(new JsonObject
            {
                ["name"] = spec.Name,
                ["shape"] = fullShape,
                ["datatype"] = V2DataType.FromOnnx(spec.ElementType),
                ["data"] = data,
            });
        }

        var v2 = new JsonObject { ["inputs"] = inputs };
        if (root.TryGetProperty("id", out var id))
        {
            v2["id"] = JsonNode.Parse(id.GetRawText());
        }

        return InferenceRequestParser.Parse(model, JsonSerializer.SerializeToElement(v2));
    }

    /// <summary>Writes <c>{"predictions": [...]}</c>: per row the value of the only output, else an object of every output.</summary>
    public static void WritePredictions(Utf8JsonWriter w, string model, string version, IReadOnlyList<TensorData> outputs, int rows)
    {
        w.WriteStartObject();
        w.WriteString("model_name", model);
        w.WriteString("model_version", version);
        w.WriteStartArray("predictions");
        for (var row = 0; row < rows; row++)
        {
            if (outputs.Count == 1)
            {
                WriteRow(w, outputs[0], row);
                continue;
            }

            w.WriteStartObject();
            foreach (var output in outputs)
            {
                w.WritePropertyName(output.Name);
                WriteRow(w, output, row);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, TensorData output, int row)
    {
        var per = output.RowLength;
        if (output.Rows != 0 && per == 1)
        {
            InferenceResponseWriter.WriteValue(w, output.Data.GetValue(row));
            return;
        }

        w.WriteStartArray();
        for (var j = 0; j < per; j++)
        {
            InferenceResponseWriter.WriteValue(w, output.Data.GetValue((row * per) + j));
        }

        w.WriteEndArray();
    }

    private static JsonElement Cell(LoadedModel model, string input, JsonElement instance, int index)
    {
        if (instance.ValueKind == JsonValueKind.Object)
        {
            return instance.TryGetProperty(input, out var value)
                ? value
                : throw new InferenceRequestException($"instances[{index}] has no \"{input}\"; model {model.Name} takes {string.Join(", ", model.Inputs.Select(i => i.Name))}");
        }

        return model.Inputs.Count == 1
            ? instance
            : throw new InferenceRequestException($"instances[{index}] must be an object keyed by input name: model {model.Name} has inputs {string.Join(", ", model.Inputs.Select(i => i.Name))}");
    }

    private static int[] ShapeOf(JsonElement value)
    {
        var shape = new List<int>();
        while (value.ValueKind == JsonValueKind.Array)
        {
            var length = value.GetArrayLength();
            shape.Add(length);
            if (length == 0)
            {
                break;
            }

            value = value[0];
        }

        return [.. shape];
    }

    private static void Flatten(JsonElement value, JsonArray into)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Flatten(item, into);
            }

            return;
        }

        into.Add(JsonNode.Parse(value.GetRawText()));
    }
}
