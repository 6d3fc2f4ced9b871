using System.Text.RegularExpressions;

namespace Sluice.Core.Validation;

/// <summary>Kubernetes name rules and "did you mean" suggestions.</summary>
public static partial class Names
{
    public const int MaxLabelLength = 63;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123LabelRegex();

    public static bool IsDns1123Label(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLabelLength && Dns1123LabelRegex().IsMatch(name);

    /// <summary>Why a name is not a DNS-1123 label, or null when it is one.</summary>
    public static string? Dns1123LabelProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "name is empty; use lower-case letters, digits and '-'";
        }

        if (name.Length > MaxLabelLength)
        {
            return $"\"{name}\" is {name.Length} characters long; use at most {MaxLabelLength}";
        }

        return Dns1123LabelRegex().IsMatch(name)
            ? null
            : $"\"{name}\" is not a valid name (DNS-1123 label): use lower-case letters, digits and '-', starting and ending with a letter or digit";
    }

    /// <summary>" (did you mean "x"?)" when a candidate is close, else "".</summary>
    public static string DidYouMean(string value, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Levenshtein(value, c)))
            .Where(x => x.Distance <= Math.Max(2, value.Length / 3))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean \"{best.Candidate}\"?)";
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
