using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Testing.ApiServer.Selection;

/// <summary>
/// The JSONPath subset printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*]</c> and filters
/// <c>.a[?(@.type=="Ready")].status</c>. Returns every match.
/// </summary>
internal static partial class SimpleJsonPath
{
    public static List<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        var current = new List<JsonNode?> { root };
        var text = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('$');
        foreach (Match m in Token().Matches(text))
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                if (m.Groups["field"].Success)
                {
                    if (node is JsonObject o && o.TryGetPropertyValue(m.Groups["field"].Value, out var v))
                    {
                        next.Add(v);
                    }
                }
                else if (m.Groups["index"].Success && node is JsonArray a)
                {
                    var i = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture);
                    i = i < 0 ? a.Count + i : i;
                    if (i >= 0 && i < a.Count)
                    {
                        next.Add(a[i]);
                    }
                }
                else if (m.Groups["all"].Success)
                {
                    if (node is JsonArray all)
                    {
                        next.AddRange(all);
                    }
                    else if (node is JsonObject obj)
                    {
                        next.AddRange(obj.Select(kv => kv.Value));
                    }
                }
                else if (m.Groups["filterPath"].Success && node is JsonArray items)
                {
                    var wanted = m.Groups["filterValue"].Value;
                    var negate = m.Groups["op"].Value == "!=";
                    foreach (var item in items)
                    {
                        var found = Evaluate(item, m.Groups["filterPath"].Value);
                        var equal = found.Count > 0 && found[0] is JsonValue fv && fv.ToString() == wanted;
                        if (equal != negate)
                        {
                            next.Add(item);
                        }
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /// <summary>Renders matches the way kubectl does: scalars as text, several matches space-separated.</summary>
    public static string Render(JsonNode? root, string path) =>
        string.Join(" ", Evaluate(root, path).Select(n => n switch
        {
            null => "",
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => n.ToJsonString(),
        }));

    [GeneratedRegex("""\.(?<field>[A-Za-z0-9_\-/]+)|\[(?<index>-?[0-9]+)\]|\[(?<all>\*)\]|\[\?\(@(?<filterPath>[.A-Za-z0-9_\-]+)\s*(?<op>==|!=)\s*["']?(?<filterValue>[^"')]*)["']?\)\]|\.\*(?<all>)""")]
    private static partial Regex Token();
}
