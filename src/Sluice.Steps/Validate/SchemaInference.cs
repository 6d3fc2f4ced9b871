using System.Globalization;
using Sluice.Steps.Data;

namespace Sluice.Steps.Validate;

/// <summary>Infers a schema from data and checks data against a schema, listing every anomaly.</summary>
internal static class SchemaInference
{
    /// <summary>A column with at most this many distinct non-numeric values gets a categorical domain.</summary>
    private const int MaxDomainSize = 100;

    public static DataSchema Infer(CsvTable table)
    {
        var columns = new List<ColumnSchema>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var values = table.Rows.Select(r => r[c]).Where(v => v.Length > 0).ToList();
            var required = values.Count == table.Rows.Count;
            var numbers = values.Select(Parse).ToList();
            if (values.Count > 0 && numbers.All(n => n is not null))
            {
                columns.Add(new ColumnSchema(table.Columns[c], ColumnSchema.Numeric, required,
                    ObservedMin: numbers.Min(), ObservedMax: numbers.Max()));
            }
            else
            {
                var distinct = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                columns.Add(new ColumnSchema(table.Columns[c], ColumnSchema.Categorical, required,
                    Domain: distinct.Count <= MaxDomainSize ? distinct : null));
            }
        }

        return new DataSchema(DataSchema.Version, columns);
    }

    public static IReadOnlyList<string> Check(CsvTable table, DataSchema schema, string source)
    {
        var anomalies = new List<string>();
        foreach (var extra in table.Columns.Where(c => schema.Columns.All(s => s.Name != c)))
        {
            anomalies.Add($"column \"{extra}\" is not in the schema");
        }

        foreach (var column in schema.Columns)
        {
            var index = table.Columns.ToList().IndexOf(column.Name);
            if (index < 0)
            {
                anomalies.Add($"column \"{column.Name}\" is missing");
                continue;
            }

            var missing = 0;
            var badType = new List<string>();
            var outOfRange = new List<string>();
            var outOfDomain = new SortedSet<string>(StringComparer.Ordinal);
            var domain = column.Domain is null ? null : new HashSet<string>(column.Domain, StringComparer.Ordinal);
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var cell = table.Rows[r][index];
                if (cell.Length == 0)
                {
                    missing++;
                    continue;
                }

                if (column.Kind == ColumnSchema.Numeric)
                {
                    if (Parse(cell) is not { } value)
                    {
                        badType.Add($"row {r + 1} \"{cell}\"");
                    }
                    else if (value < column.Min || value > column.Max)
                    {
                        outOfRange.Add($"row {r + 1} {cell}");
                    }
                }
                else if (domain is not null && !domain.Contains(cell))
                {
                    outOfDomain.Add(cell);
                }
            }

            if (missing > 0 && column.Required)
            {
                anomalies.Add($"column \"{column.Name}\" is required but {missing} of {table.Rows.Count} values are missing");
            }

            if (badType.Count > 0)
            {
                anomalies.Add($"column \"{column.Name}\" is numeric but {badType.Count} values are not numbers: {Sample(badType)}");
            }

            if (outOfRange.Count > 0)
            {
                anomalies.Add($"column \"{column.Name}\": {outOfRange.Count} values outside [{column.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {column.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]: {Sample(outOfRange)}");
            }

            if (outOfDomain.Count > 0)
            {
                anomalies.Add($"column \"{column.Name}\": values outside the domain: {Sample([.. outOfDomain])}");
            }
        }

        _ = source;
        return anomalies;
    }

    private static string Sample(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(5)) + (items.Count > 5 ? $", ... ({items.Count - 5} more)" : "");

    private static double? Parse(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
