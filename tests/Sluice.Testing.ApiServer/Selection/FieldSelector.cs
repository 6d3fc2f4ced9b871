using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Selection;

/// <summary>A field selector: comma-separated <c>path=value</c>, <c>path==value</c> or <c>path!=value</c> on dotted paths.</summary>
internal sealed class FieldSelector(IReadOnlyList<(string Path, string Value, bool Negate)> terms)
{
    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var list = new List<(string, string, bool)>();
        foreach (var term in text.Split(','))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2)
            {
                throw ApiException.BadRequest($"invalid field selector term \"{term}\": expected field=value");
            }
            list.Add((parts[0].Trim(), parts[1].Trim(), negate));
        }
        return new FieldSelector(list);
    }

    public bool Matches(JsonObject obj) => terms.All(t => (Value(obj, t.Path) == t.Value) != t.Negate);

    private static string Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var seg in path.Split('.'))
        {
            node = node is JsonObject o ? o[seg] : null;
        }
        _ = Meta.Of(obj);
        return node is JsonValue v ? v.ToString() : "";
    }
}
