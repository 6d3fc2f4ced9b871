using System.Globalization;

namespace Sluice.Core.Profiles;

/// <summary>
/// One feature's streaming summary. Moments (Welford/Chan), extremes and category counts are exact; the numeric
/// values are kept in a reservoir of <see cref="ProfileOptions.SampleCapacity"/>, so deciles are exact numpy
/// quantiles up to that many values and a uniform-sample estimate beyond. Builders merge, so hourly windows combine.
/// </summary>
public sealed class FeatureProfileBuilder(string name, ProfileOptions options)
{
    private readonly List<double> _sample = [];
    private readonly Dictionary<string, long> _textCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<double, long> _numberCounts = [];
    private readonly Random _random = new(17);
    private long _untrackedCategories;
    private long _count;
    private long _numericCount;
    private long _missing;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    public string Name { get; } = name;

    public bool IsCategorical => _textCounts.Count > 0 || (_count > _numericCount);

    public void AddMissing() => _missing++;

    public void AddNumber(double value)
    {
        if (double.IsNaN(value))
        {
            _missing++;
            return;
        }

        _count++;
        _numericCount++;
        var delta = value - _mean;
        _mean += delta / _numericCount;
        _m2 += delta * (value - _mean);
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        if (_sample.Count < options.SampleCapacity)
        {
            _sample.Add(value);
        }
        else
        {
            // Algorithm R: every value seen so far stays in the sample with equal probability.
            var j = _random.NextInt64(_numericCount);
            if (j < options.SampleCapacity)
            {
                _sample[(int)j] = value;
            }
        }

        // Number counts matter only if the column turns categorical. Once the tracked categories are full the
        // column is effectively continuous: further numbers go to "other" without a lookup, which keeps the totals
        // exact and saves a hash probe per value on every numeric column.
        if (_numberCounts.Count + _textCounts.Count >= options.MaxTrackedCategories)
        {
            _untrackedCategories++;
        }
        else if (_numberCounts.TryGetValue(value, out var c))
        {
            _numberCounts[value] = c + 1;
        }
        else
        {
            _numberCounts[value] = 1;
        }
    }

    public void AddText(string? value)
    {
        if (value is null)
        {
            _missing++;
            return;
        }

        _count++;
        if (_textCounts.TryGetValue(value, out var c))
        {
            _textCounts[value] = c + 1;
        }
        else if (_numberCounts.Count + _textCounts.Count < options.MaxTrackedCategories)
        {
            _textCounts[value] = 1;
        }
        else
        {
            _untrackedCategories++;
        }
    }

    /// <summary>Folds another window of the same feature into this one.</summary>
    public void Merge(FeatureProfileBuilder other)
    {
        if (other._numericCount > 0)
        {
            var n = _numericCount + other._numericCount;
            var delta = other._mean - _mean;
            _mean += delta * other._numericCount / n;
            _m2 += other._m2 + (delta * delta * _numericCount * other._numericCount / n);
            MergeSample(other, n);
            _numericCount = n;
            _min = Math.Min(_min, other._min);
            _max = Math.Max(_max, other._max);
        }

        _count += other._count;
        _missing += other._missing;
        _untrackedCategories += other._untrackedCategories;
        foreach (var (k, v) in other._numberCounts)
        {
            if (_numberCounts.TryGetValue(k, out var c))
            {
                _numberCounts[k] = c + v;
            }
            else if (_numberCounts.Count + _textCounts.Count < options.MaxTrackedCategories)
            {
                _numberCounts[k] = v;
            }
            else
            {
                _untrackedCategories += v;
            }
        }

        foreach (var (k, v) in other._textCounts)
        {
            if (_textCounts.TryGetValue(k, out var c))
            {
                _textCounts[k] = c + v;
            }
            else if (_numberCounts.Count + _textCounts.Count < options.MaxTrackedCategories)
            {
                _textCounts[k] = v;
            }
            else
            {
                _untrackedCategories += v;
            }
        }
    }

    private void MergeSample(FeatureProfileBuilder other, long combined)
    {
        if (combined <= options.SampleCapacity && _sample.Count == _numericCount && other._sample.Count == other._numericCount)
        {
            _sample.AddRange(other._sample);
            return;
        }

        // Each slot of the merged reservoir comes from one side with probability proportional to the values that
        // side stands for, drawn without replacement, so the result is again a uniform sample of the union.
        var mine = new List<double>(_sample);
        var theirs = new List<double>(other._sample);
        Shuffle(mine);
        Shuffle(theirs);
        double weightMine = _numericCount, weightTheirs = other._numericCount;
        var take = (int)Math.Min(options.SampleCapacity, mine.Count + theirs.Count);
        _sample.Clear();
        int i = 0, j = 0;
        while (_sample.Count < take)
        {
            var fromMine = j >= theirs.Count || (i < mine.Count && _random.NextDouble() * (weightMine + weightTheirs) < weightMine);
            if (fromMine)
            {
                _sample.Add(mine[i++]);
                weightMine = Math.Max(0, weightMine - ((double)_numericCount / Math.Max(1, mine.Count)));
            }
            else
            {
                _sample.Add(theirs[j++]);
                weightTheirs = Math.Max(0, weightTheirs - ((double)other._numericCount / Math.Max(1, theirs.Count)));
            }
        }
    }

    private void Shuffle(List<double> values)
    {
        for (var i = values.Count - 1; i > 0; i--)
        {
            var k = _random.Next(i + 1);
            (values[i], values[k]) = (values[k], values[i]);
        }
    }

    public FeatureProfile Build()
    {
        if (IsCategorical || _count == 0)
        {
            return BuildCategorical();
        }

        // Selection of the 18 order statistics the deciles need, not a full sort of up to SampleCapacity values.
        var values = _sample.ToArray();
        var edges = Statistics.Quantiles.DecileEdgesInPlace(values);
        var sampleCounts = Statistics.Quantiles.BinCountsUnsorted(values, edges);
        var exact = values.Length == _numericCount;
        return new FeatureProfile
        {
            Name = Name,
            Kind = FeatureKind.Numeric,
            Count = _count,
            Missing = _missing,
            Mean = _mean,
            Std = Math.Sqrt(_m2 / _numericCount),
            Min = _min,
            Max = _max,
            DecileEdges = edges,
            DecileCounts = exact ? sampleCounts : ScaleCounts(sampleCounts, values.Length, _numericCount),
            DecilesExact = exact,
        };
    }

    private FeatureProfile BuildCategorical()
    {
        var all = _textCounts.Select(kv => new CategoryCount(kv.Key, kv.Value))
            .Concat(_numberCounts.Select(kv => new CategoryCount(kv.Key.ToString("R", CultureInfo.InvariantCulture), kv.Value)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
            .ToList();
        var top = all.Take(options.TopCategories).ToList();
        return new FeatureProfile
        {
            Name = Name,
            Kind = FeatureKind.Categorical,
            Count = _count,
            Missing = _missing,
            Categories = top,
            OtherCount = _untrackedCategories + all.Skip(options.TopCategories).Sum(c => c.Count),
        };
    }

    // Largest-remainder scaling keeps the estimated bin counts summing to the true count.
    private static long[] ScaleCounts(long[] sampleCounts, long sampleSize, long total)
    {
        var scaled = new long[sampleCounts.Length];
        var remainders = new (double Remainder, int Index)[sampleCounts.Length];
        long assigned = 0;
        for (var k = 0; k < sampleCounts.Length; k++)
        {
            var exact = (double)sampleCounts[k] * total / sampleSize;
            scaled[k] = (long)Math.Floor(exact);
            assigned += scaled[k];
            remainders[k] = (exact - scaled[k], k);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).Take((int)(total - assigned)))
        {
            scaled[index]++;
        }

        return scaled;
    }
}
