using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Steps.Data;

namespace Sluice.Steps.Validate;

/// <summary>
/// Writes the data profile (<c>sluice.dev/profile/v1</c>, docs/data-profile.md) of a table: per feature count,
/// missing, mean, population std, min, max, numpy-linear decile edges with the counts on the right-closed bins
/// (outer edges ±inf), and top-K category frequencies plus "other".
/// Interim: replaced by the shared profile builder in Sluice.Core.Profiles once it lands.
/// </summary>
internal static class InterimProfileWriter
{
    private const int TopK = 20;

    public static JsonObject Build(CsvTable table, DataSchema schema)
    {
        var features = new JsonArray();
        foreach (var column in schema.Columns)
        {
            var index = table.Columns.ToList().IndexOf(column.Name);
            if (index < 0)
            {
                continue;
            }

            var cells = table.Rows.Select(r => r[index]).ToList();
            var present = cells.Where(c => c.Length > 0).ToList();
            var feature = new JsonObject
            {
                ["name"] = column.Name,
                ["kind"] = column.Kind,
                ["count"] = present.Count,
                ["missing"] = cells.Count - present.Count,
            };
            if (column.Kind == ColumnSchema.Numeric)
            {
                // Values that are not numbers are anomalies reported by the schema check; the profile describes the rest.
                var values = present.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN)
                    .Where(double.IsFinite).Order().ToArray();
                if (values.Length > 0)
                {
                    var mean = values.Average();
                    feature["mean"] = mean;
                    feature["std"] = Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
                    feature["min"] = values[0];
                    feature["max"] = values[^1];
                    var edges = Enumerable.Range(1, 9).Select(q => Quantile(values, q / 10.0)).Distinct().ToArray();
                    var counts = new long[edges.Length + 1];
                    foreach (var v in values)
                    {
                        var bin = 0;
                        while (bin < edges.Length && v > edges[bin])
                        {
                            bin++;
                        }

                        counts[bin]++;
                    }

                    feature["decileEdges"] = new JsonArray([.. edges.Select(e => (JsonNode)JsonValue.Create(e))]);
                    feature["histogram"] = new JsonArray([.. counts.Select(c => (JsonNode)JsonValue.Create(c))]);
                }
            }
            else
            {
                var groups = present.GroupBy(v => v, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
                feature["topK"] = new JsonArray([.. groups.Take(TopK).Select(g => (JsonNode)new JsonObject { ["value"] = g.Key, ["count"] = g.Count() })]);
                feature["other"] = groups.Skip(TopK).Sum(g => g.Count());
            }

            features.Add(feature);
        }

        return new JsonObject { ["apiVersion"] = "sluice.dev/profile/v1", ["rows"] = table.Rows.Count, ["features"] = features };
    }

    /// <summary>numpy.quantile with linear interpolation on sorted values.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
