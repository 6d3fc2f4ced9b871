using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// Reading and defaulting JSON fields the way Go sees them: a missing field, JSON null and (for strings) "" are
/// all "unset", so a default applies to each of them.
/// </summary>
internal static class JsonFields
{
    public static JsonObject? Object(JsonObject? parent, string key) => parent?[key] as JsonObject;

    /// <summary>The object at <paramref name="key"/>, created empty when unset.</summary>
    public static JsonObject Ensure(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }

    public static IEnumerable<JsonObject> Items(JsonObject? parent, string key) =>
        parent?[key] is JsonArray array ? array.OfType<JsonObject>() : [];

    public static string Str(JsonObject? parent, string key) =>
        parent?[key] is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    public static bool IsUnset(JsonObject parent, string key) =>
        parent[key] is null || (parent[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0);

    /// <summary>Sets <paramref name="key"/> when unset (missing, null or "").</summary>
    public static void Default(JsonObject parent, string key, JsonNode value)
    {
        if (IsUnset(parent, key))
        {
            parent[key] = value;
        }
    }

    /// <summary>Sets a number that Go treats as unset when 0 (probe timeouts and thresholds).</summary>
    public static void DefaultNonZero(JsonObject parent, string key, long value)
    {
        if (parent[key] is null || Meta.Number(parent[key]) == 0)
        {
            parent[key] = value;
        }
    }

    /// <summary>A string array as a list (labels of a selector, ipFamilies, ...).</summary>
    public static List<string> Strings(JsonObject? parent, string key) =>
        parent?[key] is JsonArray array ? [.. array.Select(n => n is JsonValue v && v.TryGetValue(out string? s) ? s : "")] : [];

    public static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
