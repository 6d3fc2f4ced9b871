using System.Text.Json;
using Sluice.Core.Drift;
using Sluice.Core.Profiles;

namespace Sluice.Cli.Drift;

/// <summary>
/// Turns a drift input (a CSV file, a sluice.dev/profile/v1 JSON file, or serving-log JSONL files or a directory
/// of them) into feature samples. Errors name the file and, where there is one, the line.
/// </summary>
internal static class DriftInputReader
{
    public static DriftInput Read(string path, ISet<string>? onlyFeatures = null)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new InvalidDataException($"{path}: the directory holds no serving-log .jsonl files");
            }

            return new(FromRows(ReadServingLogs(files), path));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or directory");
        }

        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return new(FromRows(ReadServingLogs([path]), path));
        }

        // Pipeline artifacts carry no extension (validate/profile), so a JSON object is recognised by content too.
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || StartsWithJsonObject(path))
        {
            try
            {
                var profile = DataProfileJson.Deserialize(File.ReadAllText(path));
                return new([.. profile.Features.Select(FeatureSample.FromProfile)], profile.Target);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }

        var (header, rows) = CsvColumns.Read(path);
        var columns = new List<FeatureSample>();
        for (var col = 0; col < header.Length; col++)
        {
            if (onlyFeatures is not null && !onlyFeatures.Contains(header[col]))
            {
                continue;
            }

            columns.Add(Column(header[col], rows.Select(r => (object?)r[col])));
        }

        return new(columns);
    }

    private static List<FeatureSample> FromRows(List<Dictionary<string, object?>> rows, string path)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var k in row.Keys)
            {
                if (seen.Add(k))
                {
                    names.Add(k);
                }
            }
        }

        if (names.Count == 0)
        {
            throw new InvalidDataException($"{path}: no serving-log line has any features");
        }

        return [.. names.Select(n => Column(n, rows.Select(r => r.GetValueOrDefault(n))))];
    }

    private static FeatureSample Column(string name, IEnumerable<object?> cells)
    {
        var values = new List<double>();
        var texts = new List<string>();
        long missing = 0;
        var numeric = true;
        foreach (var cell in cells)
        {
            switch (cell)
            {
                case null: missing++; break;
                case double d when double.IsNaN(d): missing++; break;
                case double d: values.Add(d); texts.Add(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)); break;
                case string s when CsvColumns.TryNumber(s, out var v): values.Add(v); texts.Add(s); break;
                case string s: numeric = false; texts.Add(s); break;
                default: numeric = false; texts.Add(cell.ToString()!); break;
            }
        }

        if (numeric && values.Count > 0)
        {
            return new FeatureSample(name, FeatureKind.Numeric, missing) { Values = [.. values] };
        }

        var counts = texts.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        return new FeatureSample(name, FeatureKind.Categorical, missing) { Categories = counts };
    }

    private static List<Dictionary<string, object?>> ReadServingLogs(IEnumerable<string> files)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    if (!doc.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{file}:{lineNumber}: a serving-log line needs a \"features\" object");
                    }

                    var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var f in features.EnumerateObject())
                    {
                        row[f.Name] = f.Value.ValueKind switch
                        {
                            JsonValueKind.Number => f.Value.GetDouble(),
                            JsonValueKind.String => f.Value.GetString(),
                            JsonValueKind.True => "true",
                            JsonValueKind.False => "false",
                            _ => null,
                        };
                    }

                    rows.Add(row);
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"{file}:{lineNumber}: not valid JSON: {e.Message}", e);
                }
            }
        }

        return rows;
    }

    private static bool StartsWithJsonObject(string path)
    {
        using var reader = new StreamReader(path);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        return c == '{';
    }
}
