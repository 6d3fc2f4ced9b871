using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Selection;

/// <summary>A parsed label selector: =, ==, !=, in, notin, exists and !exists terms, all of which must hold.</summary>
internal sealed partial class LabelSelector(IReadOnlyList<Func<IReadOnlyDictionary<string, string>, bool>> terms)
{
    public static LabelSelector Everything { get; } = new([]);

    public bool Matches(JsonObject obj)
    {
        var labels = Meta.Of(obj)["labels"] is JsonObject l
            ? l.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "")
            : [];
        return terms.All(t => t(labels));
    }

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var list = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (var raw in SplitTerms(text))
        {
            var term = raw.Trim();
            Match m;
            if ((m = SetTerm().Match(term)).Success)
            {
                var key = m.Groups[1].Value;
                var values = m.Groups[3].Value.Split(',').Select(v => v.Trim()).ToHashSet();
                var notIn = m.Groups[2].Value == "notin";
                list.Add(l => notIn ? !(l.TryGetValue(key, out var v) && values.Contains(v)) : l.TryGetValue(key, out var v2) && values.Contains(v2));
            }
            else if ((m = CompareTerm().Match(term)).Success)
            {
                var key = m.Groups[1].Value;
                var value = m.Groups[3].Value;
                var negate = m.Groups[2].Value == "!=";
                list.Add(l => negate ? !(l.TryGetValue(key, out var v) && v == value) : l.TryGetValue(key, out var v2) && v2 == value);
            }
            else if ((m = ExistsTerm().Match(term)).Success)
            {
                var key = m.Groups[2].Value;
                var negate = m.Groups[1].Value == "!";
                list.Add(l => l.ContainsKey(key) != negate);
            }
            else
            {
                throw ApiException.BadRequest($"unable to parse requirement: invalid label selector term \"{term}\"");
            }
        }
        return new LabelSelector(list);
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^([A-Za-z0-9._/-]+)\s+(in|notin)\s+\(([^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^([A-Za-z0-9._/-]+)\s*(==|!=|=)\s*([A-Za-z0-9._-]*)$")]
    private static partial Regex CompareTerm();

    [GeneratedRegex(@"^(!?)\s*([A-Za-z0-9._/-]+)$")]
    private static partial Regex ExistsTerm();
}
