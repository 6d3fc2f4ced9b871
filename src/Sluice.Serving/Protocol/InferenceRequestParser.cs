using System.Text.Json;
using Sluice.Serving.Models;

namespace Sluice.Serving.Protocol;

/// <summary>Validates a v2 infer body against the model's declared inputs and outputs.</summary>
internal static class InferenceRequestParser
{
    public const int MaxElementsPerInput = 16 << 20;

    public static InferenceRequest Parse(LoadedModel model, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InferenceRequestException("the request body must be a JSON object with \"inputs\"");
        }

        string? id = null;
        if (root.TryGetProperty("id", out var idElement))
        {
            id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw new InferenceRequestException("\"id\" must be a string");
        }

        if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Object)
        {
            throw new InferenceRequestException("\"parameters\" must be a JSON object");
        }

        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceRequestException($"\"inputs\" must be an array of tensors; model {model.Name} expects {Describe(model)}");
        }

        var byName = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var input in inputs.EnumerateArray())
        {
            var tensor = ParseInput(model, input);
            if (!byName.TryAdd(tensor.Name, tensor))
            {
                throw new InferenceRequestException($"input {tensor.Name} is given twice");
            }
        }

        var ordered = new List<TensorData>(model.Inputs.Count);
        foreach (var spec in model.Inputs)
        {
            ordered.Add(byName.TryGetValue(spec.Name, out var t)
                ? t
                : throw new InferenceRequestException($"input {spec.Name} is missing; model {model.Name} expects {Describe(model)}"));
        }

        var rows = ordered[0].Shape.Length > 0 ? ordered[0].Shape[0] : 1;
        if (ordered.Any(t => (t.Shape.Length > 0 ? t.Shape[0] : 1) != rows))
        {
            throw new InferenceRequestException("all inputs must have the same first (batch) dimension");
        }

        return new InferenceRequest(id, ordered, ParseOutputs(model, root));
    }

    private static TensorData ParseInput(LoadedModel model, JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new InferenceRequestException("each entry of \"inputs\" must be an object with name, shape, datatype and data");
        }

        var name = input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()!
            : throw new InferenceRequestException("an input has no \"name\" string");
        var spec = model.Inputs.FirstOrDefault(i => i.Name == name)
            ?? throw new InferenceRequestException($"input {name} is not an input of model {model.Name}; it expects {Describe(model)}");
        var expectedType = V2DataType.FromOnnx(spec.ElementType);
        var datatype = input.TryGetProperty("datatype", out var dt) && dt.ValueKind == JsonValueKind.String ? dt.GetString() : null;
        if (datatype != expectedType)
        {
            throw new InferenceRequestException($"input {name}: datatype is {(datatype is null ? "missing" : $"\"{datatype}\"")}, expected \"{expectedType}\"");
        }

        var shape = ParseShape(name, spec, input);
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > MaxElementsPerInput)
            {
                throw new InferenceRequestException($"input {name}: shape [{string.Join(",", shape)}] has more than {MaxElementsPerInput} elements", 413);
            }
        }

        if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceRequestException($"input {name}: \"data\" must be an array (flat or nested, row-major)");
        }

        if (input.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Object)
        {
            throw new InferenceRequestException($"input {name}: \"parameters\" must be a JSON object");
        }

        return new TensorData(name, spec.ElementType, shape, ElementDecoder.Decode(name, spec.ElementType, data, (int)count));
    }

    private static long[] ParseShape(string name, TensorSpec spec, JsonElement input)
    {
        var expected = $"[{string.Join(",", spec.Shape)}] (-1 is any size)";
        if (!input.TryGetProperty("shape", out var s) || s.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceRequestException($"input {name}: \"shape\" must be an array of dimensions, expected {expected}");
        }

        var shape = new List<long>();
        foreach (var d in s.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var v) || v < 1)
            {
                throw new InferenceRequestException($"input {name}: shape dimensions must be whole numbers of at least 1, expected {expected}");
            }

            shape.Add(v);
        }

        if (shape.Count != spec.Shape.Length)
        {
            throw new InferenceRequestException($"input {name}: shape [{string.Join(",", shape)}] has {shape.Count} dimensions, expected {expected}");
        }

        for (var i = 0; i < shape.Count; i++)
        {
            if (spec.Shape[i] >= 0 && spec.Shape[i] != shape[i])
            {
                throw new InferenceRequestException($"input {name}: shape [{string.Join(",", shape)}] does not match, expected {expected}");
            }
        }

        return shape.ToArray();
    }

    private static List<string> ParseOutputs(LoadedModel model, JsonElement root)
    {
        if (!root.TryGetProperty("outputs", out var outputs) || outputs.ValueKind == JsonValueKind.Null)
        {
            return model.Outputs.Select(o => o.Name).ToList();
        }

        if (outputs.ValueKind != JsonValueKind.Array)
        {
            throw new InferenceRequestException("\"outputs\" must be an array of {\"name\": ...}");
        }

        var names = new List<string>();
        foreach (var o in outputs.EnumerateArray())
        {
            var name = o.ValueKind == JsonValueKind.Object && o.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : throw new InferenceRequestException("each entry of \"outputs\" must be an object with a \"name\" string");
            if (model.Outputs.All(x => x.Name != name))
            {
                throw new InferenceRequestException($"output {name} is not an output of model {model.Name}; it has {string.Join(", ", model.Outputs.Select(x => x.Name))}");
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return names.Count == 0 ? model.Outputs.Select(o => o.Name).ToList() : names;
    }

    private static string Describe(LoadedModel model) =>
        string.Join(", ", model.Inputs.Select(i => $"{i.Name} {V2DataType.FromOnnx(i.ElementType)} [{string.Join(",", i.Shape)}]"));
}
