using System.Globalization;
using System.Text.RegularExpressions;

namespace Sluice.Runner;

/// <summary>Go/Kubernetes-style durations: <c>300ms</c>, <c>30s</c>, <c>5m</c>, <c>1h30m</c>.</summary>
internal static partial class DurationParser
{
    public static TimeSpan Parse(string value, string field)
    {
        var matches = Part().Matches(value);
        if (value.Length == 0 || matches.Sum(m => m.Length) != value.Length)
        {
            throw new PipelineException($"{field}: \"{value}\" is not a duration; write e.g. 30s, 5m, 1h30m or 500ms");
        }

        var total = TimeSpan.Zero;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            total += m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex Part();
}
