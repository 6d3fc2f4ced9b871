using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sluice.Core.Validation;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Manifests.Loading;

/// <summary>
/// Converts a YAML node to JSON guided by the C# type it must become, the way the API server's strict field
/// validation (kubectl's default) treats a manifest: an unknown field is an error naming it, a value of the
/// wrong type is an error naming the expected type. Every error carries the node's line and column.
/// </summary>
internal sealed class YamlToJson
{
    // ObjectMeta fields Sluice does not model but kubectl accepts; they are dropped, never rejected.
    private static readonly HashSet<string> OtherObjectMetaFields =
    [
        "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences",
        "finalizers", "managedFields", "selfLink",
    ];

    public List<ManifestError> Errors { get; } = [];

    public JsonNode? Convert(YamlNode node, Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (IsNull(node))
        {
            return null;
        }

        if (underlying == typeof(JsonElement))
        {
            return FreeForm(node);
        }

        if (underlying == typeof(string))
        {
            return node is YamlScalarNode s ? JsonValue.Create(s.Value ?? "") : Wrong(node, path, "a string");
        }

        if (underlying == typeof(bool))
        {
            return node is YamlScalarNode { Value: "true" or "True" or "TRUE" or "false" or "False" or "FALSE" } b
                ? JsonValue.Create(bool.Parse(b.Value!))
                : Wrong(node, path, "true or false");
        }

        if (underlying == typeof(int) || underlying == typeof(long))
        {
            return node is YamlScalarNode i && long.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                && (underlying == typeof(long) || l is >= int.MinValue and <= int.MaxValue)
                ? JsonValue.Create(l)
                : Wrong(node, path, "a whole number");
        }

        if (underlying == typeof(double))
        {
            return node is YamlScalarNode d && double.TryParse(d.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                ? JsonValue.Create(v)
                : Wrong(node, path, "a number");
        }

        if (underlying == typeof(DateTimeOffset))
        {
            return node is YamlScalarNode t && DateTimeOffset.TryParse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
                ? JsonValue.Create(t.Value)
                : Wrong(node, path, "an RFC 3339 time such as 2026-11-23T10:00:00Z");
        }

        if (underlying.IsEnum)
        {
            var names = Enum.GetNames(underlying);
            if (node is YamlScalarNode e && names.Contains(e.Value, StringComparer.Ordinal))
            {
                return JsonValue.Create(e.Value);
            }

            var value = (node as YamlScalarNode)?.Value ?? "";
            return Add(node, path, $"unsupported value \"{value}\"{Names.DidYouMean(value, names)}; use one of {string.Join(", ", names)}");
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode seq)
            {
                return Wrong(node, path, "a list");
            }

            var item = underlying.GetGenericArguments()[0];
            var array = new JsonArray();
            var index = 0;
            foreach (var child in seq.Children)
            {
                array.Add(Convert(child, item, $"{path}[{index++}]"));
            }

            return array;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (node is not YamlMappingNode map)
            {
                return Wrong(node, path, "a map");
            }

            var valueType = underlying.GetGenericArguments()[1];
            var obj = new JsonObject();
            foreach (var (key, value) in map.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                obj[name] = Convert(value, valueType, $"{path}.{name}");
            }

            return obj;
        }

        return ConvertObject(node, underlying, path);
    }

    private JsonObject? ConvertObject(YamlNode node, Type type, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Wrong(node, path, "an object");
            return null;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal);
        var obj = new JsonObject();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out var property))
            {
                if (path == "metadata" && OtherObjectMetaFields.Contains(key))
                {
                    continue;
                }

                Add(keyNode, childPath, $"unknown field \"{key}\"{Names.DidYouMean(key, properties.Keys)}");
                continue;
            }

            var converted = Convert(value, property.PropertyType, childPath);
            if (converted is not null)
            {
                obj[key] = converted;
            }
        }

        return obj;
    }

    private static JsonNode? FreeForm(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", FreeForm(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(FreeForm)]),
        YamlScalarNode s when IsNull(s) => null,
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value ?? ""),
        _ => null,
    };

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" or null };

    private JsonNode? Wrong(YamlNode node, string path, string expected)
    {
        var kind = node switch
        {
            YamlMappingNode => "an object",
            YamlSequenceNode => "a list",
            YamlScalarNode s => $"\"{s.Value}\"",
            _ => "a value",
        };
        return Add(node, path, $"expected {expected}, got {kind}");
    }

    private JsonNode? Add(YamlNode node, string path, string message)
    {
        Errors.Add(new ManifestError(path, message, (int)node.Start.Line, (int)node.Start.Column));
        return null;
    }
}
