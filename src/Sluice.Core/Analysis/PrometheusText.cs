using System.Globalization;
using System.Text;

namespace Sluice.Core.Analysis;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4, what prometheus-net and the Sluice server write):
/// <c># TYPE</c> lines, samples <c>name{label="value",...} value [timestamp]</c> with <c>\\</c>, <c>\"</c> and <c>\n</c>
/// escapes in label values, and NaN/+Inf/-Inf values. A line that does not parse is an error naming its number.
/// </summary>
public static class PrometheusText
{
    public static MetricsScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 4 && parts[1] == "TYPE")
                {
                    types[parts[2]] = parts[3].Trim();
                }

                continue;
            }

            samples.Add(Sample(line, number));
        }

        return new MetricsScrape(samples, types);
    }

    private static MetricSample Sample(string line, int number)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        if (i == 0)
        {
            throw Error(number, "a sample starts with a metric name");
        }

        var name = line[..i];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i = Labels(line, i + 1, labels, number);
        }

        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2)
        {
            throw Error(number, $"{name}: expected a value and an optional timestamp");
        }

        return new MetricSample(name, labels, Value(rest[0], number, name));
    }

    private static int Labels(string line, int i, Dictionary<string, string> labels, int number)
    {
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or ',')
            {
                i++;
            }

            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            var start = i;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
            {
                i++;
            }

            if (i == start || i + 1 >= line.Length || line[i] != '=' || line[i + 1] != '"')
            {
                throw Error(number, "a label is name=\"value\"");
            }

            var label = line[start..i];
            i += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (i >= line.Length)
                {
                    throw Error(number, $"label {label}: the value's closing quote is missing");
                }

                var c = line[i++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && i < line.Length)
                {
                    var escaped = line[i++];
                    value.Append(escaped switch { 'n' => '\n', _ => escaped });
                }
                else
                {
                    value.Append(c);
                }
            }

            labels[label] = value.ToString();
        }
    }

    private static double Value(string text, int number, string name) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Error(number, $"{name}: \"{text}\" is not a number"),
    };

    private static FormatException Error(int number, string message) => new($"metrics line {number}: {message}");
}
