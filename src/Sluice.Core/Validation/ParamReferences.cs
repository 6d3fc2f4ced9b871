using System.Text.RegularExpressions;

namespace Sluice.Core.Validation;

/// <summary>$(params.NAME) references, Tekton's syntax, in stage commands, args and env values.</summary>
public static partial class ParamReferences
{
    [GeneratedRegex(@"\$\(params\.([^)]*)\)")]
    private static partial Regex ReferenceRegex();

    public static IEnumerable<string> Find(string text) =>
        ReferenceRegex().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>Replaces every reference with its value; unknown names are left as written.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        ReferenceRegex().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
}
