using Sluice.Core.Profiles;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The reservoir's rows: one flat array of numeric values (rows × numeric features) and, only when the profile
/// has categorical features, one of their strings. It grows with the rows kept, up to the capacity, so a small
/// window costs little memory and a large one no more than the capacity.
/// </summary>
public sealed class WindowSample(int capacity, int numeric, int categorical)
{
    private double[] _numeric = [];
    private string?[] _categorical = [];

    /// <summary>Rows kept.</summary>
    public int Rows { get; private set; }

    /// <summary>Puts a row into a slot: the next free one while filling, any kept one to replace it.</summary>
    public void Store(int slot, WindowRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, Rows);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, capacity);
        if (slot == Rows)
        {
            Rows++;
            _numeric = Grown(_numeric, Rows * numeric, capacity * numeric);
            _categorical = Grown(_categorical, Rows * categorical, capacity * categorical);
        }

        row.Numeric.CopyTo(_numeric.AsSpan(slot * numeric, numeric));
        row.Categorical.CopyTo(_categorical.AsSpan(slot * categorical, categorical));
    }

    /// <summary>How many kept rows have a value of the feature.</summary>
    public int ValuesOf(WindowFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var count = 0;
        for (var r = 0; r < Rows; r++)
        {
            count += feature.Kind == FeatureKind.Numeric
                ? (double.IsNaN(_numeric[(r * numeric) + feature.Slot]) ? 0 : 1)
                : (_categorical[(r * categorical) + feature.Slot] is null ? 0 : 1);
        }

        return count;
    }

    /// <summary>The current side of one feature for <see cref="DriftEvaluator"/>: its values or category counts, and its missing count.</summary>
    public FeatureSample ToFeatureSample(WindowFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Kind == FeatureKind.Numeric)
        {
            var values = new double[ValuesOf(feature)];
            var n = 0;
            for (var r = 0; r < Rows; r++)
            {
                var value = _numeric[(r * numeric) + feature.Slot];
                if (!double.IsNaN(value))
                {
                    values[n++] = value;
                }
            }

            return new FeatureSample(feature.Name, FeatureKind.Numeric, Rows - n) { Values = values };
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        for (var r = 0; r < Rows; r++)
        {
            if (_categorical[(r * categorical) + feature.Slot] is { } text)
            {
                counts[text] = counts.GetValueOrDefault(text) + 1;
            }
            else
            {
                missing++;
            }
        }

        return new FeatureSample(feature.Name, FeatureKind.Categorical, missing) { Categories = counts };
    }

    // Doubling, capped at the capacity: amortised copies without reserving the whole capacity for a small window.
    private static T[] Grown<T>(T[] array, int needed, int max)
    {
        if (needed <= array.Length)
        {
            return array;
        }

        var grown = new T[Math.Min(max, Math.Max(needed, Math.Max(1024, array.Length * 2)))];
        array.CopyTo(grown, 0);
        return grown;
    }
}
