using System.Globalization;

namespace Sluice.Steps.Data;

/// <summary>Numeric features and the target labels of a table, in a fixed feature order.</summary>
internal sealed record FeatureMatrix(IReadOnlyList<string> FeatureNames, double[][] Rows, string[] Targets)
{
    /// <summary>Every column but the target is a feature unless <paramref name="features"/> names them; all must be numeric.</summary>
    public static FeatureMatrix From(CsvTable table, string target, IReadOnlyList<string>? features, string source)
    {
        var targetIndex = table.IndexOf(target, source);
        var names = features ?? table.Columns.Where(c => c != target).ToList();
        var indexes = names.Select(n => table.IndexOf(n, source)).ToArray();
        var rows = new double[table.Rows.Count][];
        var targets = new string[table.Rows.Count];
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var values = new double[indexes.Length];
            for (var j = 0; j < indexes.Length; j++)
            {
                var cell = row[indexes[j]];
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out values[j]) || !double.IsFinite(values[j]))
                {
                    throw new StepException($"{source}, data row {r + 1}, column \"{names[j]}\": \"{cell}\" is not a number (linear models need numeric features)");
                }
            }

            rows[r] = values;
            targets[r] = row[targetIndex];
            if (targets[r].Length == 0)
            {
                throw new StepException($"{source}, data row {r + 1}: the target column \"{target}\" is empty");
            }
        }

        return new FeatureMatrix(names, rows, targets);
    }

    /// <summary>The distinct target values, numerically ordered when all are numbers, else ordinally.</summary>
    public IReadOnlyList<string> Classes()
    {
        var distinct = Targets.Distinct(StringComparer.Ordinal).ToList();
        return distinct.All(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? [.. distinct.OrderBy(t => double.Parse(t, CultureInfo.InvariantCulture))]
            : [.. distinct.Order(StringComparer.Ordinal)];
    }
}
