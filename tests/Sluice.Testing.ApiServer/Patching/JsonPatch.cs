using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Patching;

/// <summary>RFC 6902 JSON patch: add, remove, replace, move, copy and test.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonArray ops)
    {
        var doc = target.DeepClone();
        foreach (var op in ops.OfType<JsonObject>())
        {
            var kind = op["op"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch operation is missing \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw ApiException.BadRequest($"json patch {kind} operation is missing \"path\"");
            switch (kind)
            {
                case "add": doc = Add(doc, path, op["value"]?.DeepClone()); break;
                case "remove": doc = Remove(doc, path, out _); break;
                case "replace": doc = Remove(doc, path, out _); doc = Add(doc, path, op["value"]?.DeepClone()); break;
                case "move":
                    doc = Remove(doc, From(op), out var moved);
                    doc = Add(doc, path, moved);
                    break;
                case "copy": doc = Add(doc, path, Resolve(doc, From(op))?.DeepClone()); break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                    {
                        throw new ApiException(422, "Invalid", $"the server rejected our request due to an error in our request: testing value {path} failed");
                    }
                    break;
                default: throw ApiException.BadRequest($"unknown json patch operation \"{kind}\"");
            }
        }
        return doc;
    }

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw ApiException.BadRequest("json patch move/copy is missing \"from\"");

    private static List<string> Split(string path) =>
        path.Length == 0 ? [] : path.Split('/').Skip(1).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();

    private static JsonNode? Resolve(JsonNode? doc, string path)
    {
        foreach (var seg in Split(path))
        {
            doc = doc switch
            {
                JsonObject o => o.TryGetPropertyValue(seg, out var v) ? v : throw Missing(path),
                JsonArray a when int.TryParse(seg, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw Missing(path),
            };
        }
        return doc;
    }

    private static JsonNode Add(JsonNode doc, string path, JsonNode? value)
    {
        var segs = Split(path);
        if (segs.Count == 0)
        {
            return value ?? throw ApiException.BadRequest("cannot replace the document with null");
        }
        var parent = Resolve(doc, "/" + string.Join('/', segs.Take(segs.Count - 1).Select(Escape)));
        var last = segs[^1];
        switch (parent)
        {
            case JsonObject o: o[last] = value; break;
            case JsonArray a when last == "-": a.Add(value); break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count: a.Insert(i, value); break;
            default: throw Missing(path);
        }
        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string path, out JsonNode? removed)
    {
        var segs = Split(path);
        var parent = Resolve(doc, segs.Count <= 1 ? "" : "/" + string.Join('/', segs.Take(segs.Count - 1).Select(Escape)));
        var last = segs[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out removed):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                removed = a[i];
                a.RemoveAt(i);
                break;
            default: throw Missing(path);
        }
        return doc;
    }

    private static string Escape(string s) => s.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ApiException Missing(string path) =>
        new(422, "Invalid", $"the server rejected our request due to an error in our request: jsonpatch path {path} does not exist");
}
