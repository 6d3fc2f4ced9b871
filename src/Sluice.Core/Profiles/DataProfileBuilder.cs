namespace Sluice.Core.Profiles;

/// <summary>
/// Builds a <see cref="DataProfile"/> in one pass over rows given as values (the caller parses files). Features
/// keep the order they were first seen in; builders of the same columns merge.
/// </summary>
public sealed class DataProfileBuilder(ProfileOptions? options = null)
{
    private readonly ProfileOptions _options = options ?? ProfileOptions.Default;
    private readonly List<FeatureProfileBuilder> _features = [];
    private readonly Dictionary<string, FeatureProfileBuilder> _byName = new(StringComparer.Ordinal);

    public long Rows { get; private set; }

    /// <summary>The builder of one feature, created on first use; hold on to it for fast columnar adding.</summary>
    public FeatureProfileBuilder Feature(string name)
    {
        if (!_byName.TryGetValue(name, out var builder))
        {
            builder = new FeatureProfileBuilder(name, _options);
            _byName.Add(name, builder);
            _features.Add(builder);
        }

        return builder;
    }

    /// <summary>Counts one row; the values themselves go to <see cref="Feature"/> builders.</summary>
    public void CountRow() => Rows++;

    /// <summary>
    /// Adds one row of values: a number (double, float, int, long), a string, or null for missing. Features
    /// absent from the row count as missing for this row only when already known.
    /// </summary>
    public void AddRow(IReadOnlyDictionary<string, object?> row)
    {
        Rows++;
        foreach (var (name, value) in row)
        {
            var feature = Feature(name);
            switch (value)
            {
                case null: feature.AddMissing(); break;
                case double d: feature.AddNumber(d); break;
                case float f: feature.AddNumber(f); break;
                case int i: feature.AddNumber(i); break;
                case long l: feature.AddNumber(l); break;
                case string s: feature.AddText(s); break;
                default: feature.AddText(value.ToString()); break;
            }
        }

        foreach (var feature in _features)
        {
            if (!row.ContainsKey(feature.Name))
            {
                feature.AddMissing();
            }
        }
    }

    public void Merge(DataProfileBuilder other)
    {
        Rows += other.Rows;
        foreach (var feature in other._features)
        {
            Feature(feature.Name).Merge(feature);
        }
    }

    public DataProfile Build() => new()
    {
        Rows = Rows,
        Features = [.. _features.Select(f => f.Build())],
    };
}
