using System.Globalization;
using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>Small accessors for the metadata of a JSON object.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string Str(JsonObject obj, string field) => Of(obj)[field] is JsonValue v && v.TryGetValue(out string? s) ? s : "";

    public static string Name(JsonObject obj) => Str(obj, "name");

    public static string Uid(JsonObject obj) => Str(obj, "uid");

    public static long Rv(JsonObject obj) =>
        long.TryParse(Str(obj, "resourceVersion"), NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : 0;

    public static List<string> Finalizers(JsonObject obj) =>
        Of(obj)["finalizers"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public static void SetFinalizers(JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        if (list.Count == 0)
        {
            Of(obj).Remove("finalizers");
        }
        else
        {
            Of(obj)["finalizers"] = new JsonArray(list.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }

    public static bool IsDeleting(JsonObject obj) => Of(obj)["deletionTimestamp"] is not null;

    public static IEnumerable<JsonObject> OwnerReferences(JsonObject obj) =>
        Of(obj)["ownerReferences"] is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>A JSON number as a double, whether parsed from text or built in code (GetValue would not convert).</summary>
    public static double? Number(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)
            : null;

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Everything outside metadata and status: what counts as "spec" for kinds without a status subresource.</summary>
    public static JsonObject Content(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (k is not ("metadata" or "status" or "apiVersion" or "kind"))
            {
                copy[k] = v?.DeepClone();
            }
        }
        return copy;
    }
}
