using System.Globalization;
using Sluice.Core.Profiles;
using Sluice.Steps.Data;

namespace Sluice.Steps.Validate;

/// <summary>
/// Feeds a table to the shared profile builder (docs/data-profile.md), so the profile `validate` writes is the
/// same format the drift monitor reads as its baseline.
/// </summary>
internal static class TableProfiler
{
    public static DataProfile Build(CsvTable table, DataSchema schema)
    {
        var builder = new DataProfileBuilder();
        var columns = schema.Columns
            .Select(c => (Column: c, Index: table.Columns.ToList().IndexOf(c.Name)))
            .Where(c => c.Index >= 0)
            .Select(c => (c.Column, c.Index, Feature: builder.Feature(c.Column.Name)))
            .ToList();
        foreach (var row in table.Rows)
        {
            builder.CountRow();
            foreach (var (column, index, feature) in columns)
            {
                var cell = row[index];
                if (cell.Length == 0)
                {
                    feature.AddMissing();
                }
                else if (column.Kind != ColumnSchema.Numeric)
                {
                    feature.AddText(cell);
                }
                else if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    feature.AddNumber(value);
                }

                // A numeric column's non-number cells are anomalies the schema check reports; the profile describes the rest.
            }
        }

        return builder.Build();
    }
}
