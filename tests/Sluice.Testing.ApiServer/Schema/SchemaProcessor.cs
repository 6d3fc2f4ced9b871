using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Schema;

/// <summary>
/// What the apiserver does with a custom resource against its structural schema: prune unknown fields (or reject
/// them under fieldValidation=Strict), apply defaults, then validate types, required, enum, pattern and bounds.
/// CEL rules (x-kubernetes-validations) are not evaluated.
/// </summary>
internal static class SchemaProcessor
{
    /// <summary>Mutates <paramref name="obj"/> (pruning, defaults) and returns warnings; throws 400/422 on bad input.</summary>
    public static List<string> Process(ResourceType t, JsonObject schema, JsonObject obj, string name, bool strict, bool statusOnly)
    {
        var unknown = new List<string>();
        var errors = new List<(string, string, string)>();
        var props = schema["properties"] as JsonObject ?? [];
        foreach (var (key, value) in obj.ToList())
        {
            if (key is "apiVersion" or "kind" or "metadata" || (statusOnly && key != "status"))
            {
                continue;
            }
            if (props[key] is not JsonObject sub)
            {
                if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
                {
                    unknown.Add(key);
                    obj.Remove(key);
                }
                continue;
            }
            Prune(value, sub, key, unknown);
        }
        if (strict && unknown.Count > 0)
        {
            throw ApiException.BadRequest($"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: strict decoding error: "
                + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
        }
        foreach (var (key, sub) in props)
        {
            if (key is "apiVersion" or "kind" or "metadata" || (statusOnly && key != "status") || sub is not JsonObject s)
            {
                continue;
            }
            if (obj[key] is null && s["default"] is { } d)
            {
                obj[key] = d.DeepClone();
            }
            if (obj[key] is { } child)
            {
                ApplyDefaults(child, s);
                Validate(child, s, key, errors);
            }
        }
        if (!statusOnly)
        {
            foreach (var req in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
            {
                if (req is not ("apiVersion" or "kind" or "metadata") && obj[req] is null)
                {
                    errors.Add((req, "FieldValueRequired", "Required value"));
                }
            }
        }
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(t.Kind, t.Group, name, errors);
        }
        return unknown.Select(u => $"unknown field \"{u}\"").ToList();
    }

    private static void Prune(JsonNode? node, JsonObject schema, string path, List<string> unknown)
    {
        if (node is JsonArray arr && schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                Prune(arr[i], itemSchema, $"{path}[{i}]", unknown);
            }
            return;
        }
        if (node is not JsonObject obj || schema["x-kubernetes-embedded-resource"]?.GetValue<bool>() == true && schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true)
        {
            return;
        }
        var preserve = schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true;
        var props = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var (key, value) in obj.ToList())
        {
            if (props?[key] is JsonObject sub)
            {
                Prune(value, sub, $"{path}.{key}", unknown);
            }
            else if (additional is JsonObject addSchema)
            {
                Prune(value, addSchema, $"{path}.{key}", unknown);
            }
            else if (!preserve && additional?.GetValueKind() != JsonValueKind.True)
            {
                unknown.Add($"{path}.{key}");
                obj.Remove(key);
            }
        }
    }

    private static void ApplyDefaults(JsonNode node, JsonObject schema)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, sub) in schema["properties"] as JsonObject ?? [])
            {
                if (sub is not JsonObject s)
                {
                    continue;
                }
                if (obj[key] is null && s["default"] is { } d && !obj.ContainsKey(key))
                {
                    obj[key] = d.DeepClone();
                }
                if (obj[key] is { } child)
                {
                    ApplyDefaults(child, s);
                }
            }
            if (schema["additionalProperties"] is JsonObject add)
            {
                foreach (var (_, v) in obj)
                {
                    if (v is not null)
                    {
                        ApplyDefaults(v, add);
                    }
                }
            }
        }
        else if (node is JsonArray arr && schema["items"] is JsonObject items)
        {
            foreach (var item in arr)
            {
                if (item is not null)
                {
                    ApplyDefaults(item, items);
                }
            }
        }
    }

    private static void Validate(JsonNode? node, JsonObject schema, string path, List<(string, string, string)> errors)
    {
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add((path, "FieldValueRequired", "Required value"));
            }
            return;
        }
        var type = schema["type"]?.GetValue<string>();
        var kind = node.GetValueKind();
        var intOrString = schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true;
        var typeOk = intOrString ? kind is JsonValueKind.Number or JsonValueKind.String : type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && Meta.Number(node) is { } n && n == Math.Floor(n),
            "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!typeOk)
        {
            errors.Add((path, "FieldValueTypeInvalid", $"Invalid value: \"{TypeName(kind)}\": {path} in body must be of type {type}: \"{TypeName(kind)}\""));
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add((path, "FieldValueNotSupported", $"Unsupported value: {node.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}"));
        }
        if (kind == JsonValueKind.String)
        {
            var s = node.GetValue<string>();
            if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(s, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add((path, "FieldValueInvalid", $"Invalid value: \"{s}\": {path} in body should match '{pattern}'"));
            }
            if (((int?)Meta.Number(schema["minLength"])) is { } minLen && s.Length < minLen)
            {
                errors.Add((path, "FieldValueInvalid", $"Invalid value: \"{s}\": {path} in body should be at least {minLen} chars long"));
            }
            if (((int?)Meta.Number(schema["maxLength"])) is { } maxLen && s.Length > maxLen)
            {
                errors.Add((path, "FieldValueTooLong", $"Too long: may not be more than {maxLen} bytes"));
            }
        }
        if (kind == JsonValueKind.Number)
        {
            var d = ((double)Meta.Number(node)!);
            var text = node.ToJsonString();
            if (((double?)Meta.Number(schema["minimum"])) is { } min && (d < min || (schema["exclusiveMinimum"]?.GetValue<bool>() == true && d <= min)))
            {
                errors.Add((path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}"));
            }
            if (((double?)Meta.Number(schema["maximum"])) is { } max && (d > max || (schema["exclusiveMaximum"]?.GetValue<bool>() == true && d >= max)))
            {
                errors.Add((path, "FieldValueInvalid", $"Invalid value: {text}: {path} in body should be less than or equal to {max.ToString(CultureInfo.InvariantCulture)}"));
            }
        }
        if (node is JsonArray arr)
        {
            if (((int?)Meta.Number(schema["minItems"])) is { } minItems && arr.Count < minItems)
            {
                errors.Add((path, "FieldValueInvalid", $"Invalid value: {arr.Count}: {path} in body should have at least {minItems} items"));
            }
            if (((int?)Meta.Number(schema["maxItems"])) is { } maxItems && arr.Count > maxItems)
            {
                errors.Add((path, "FieldValueTooMany", $"Too many: {arr.Count}: must have at most {maxItems} items"));
            }
            if (schema["items"] is JsonObject itemSchema)
            {
                for (var i = 0; i < arr.Count; i++)
                {
                    Validate(arr[i], itemSchema, $"{path}[{i}]", errors);
                }
            }
        }
        if (node is JsonObject obj)
        {
            foreach (var req in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
            {
                if (!obj.ContainsKey(req))
                {
                    errors.Add(($"{path}.{req}", "FieldValueRequired", "Required value"));
                }
            }
            var props = schema["properties"] as JsonObject;
            foreach (var (key, value) in obj)
            {
                if (props?[key] is JsonObject sub)
                {
                    Validate(value, sub, $"{path}.{key}", errors);
                }
                else if (schema["additionalProperties"] is JsonObject add)
                {
                    Validate(value, add, $"{path}.{key}", errors);
                }
            }
        }
    }

    private static string TypeName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
