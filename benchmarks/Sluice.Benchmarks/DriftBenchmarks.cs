using BenchmarkDotNet.Attributes;
using Sluice.Core.Drift;
using Sluice.Core.Profiles;
using Sluice.Core.Statistics;

namespace Sluice.Benchmarks;

/// <summary>
/// KS and PSI on 1,000,000 vs 1,000,000 normal values (current shifted by 0.01), and a profile of a 100,000 × 30
/// table; benchmarks/drift/compare_scipy.py times scipy on the same generated data.
/// </summary>
[MemoryDiagnoser]
public class DriftBenchmarks
{
    private double[] _reference = [];
    private double[] _current = [];
    private double[][] _table = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _reference = [.. Enumerable.Range(0, 1_000_000).Select(_ => Normal(random))];
        _current = [.. Enumerable.Range(0, 1_000_000).Select(_ => Normal(random) + 0.01)];
        _table = [.. Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 100_000).Select(_ => Normal(random)).ToArray())];
    }

    /// <summary>Includes sorting both samples, as scipy's ks_2samp does.</summary>
    [Benchmark]
    public KsResult Ks1MVs1M()
    {
        var a = (double[])_reference.Clone();
        var b = (double[])_current.Clone();
        Array.Sort(a);
        Array.Sort(b);
        return KolmogorovSmirnov.TwoSampleSorted(a, b);
    }

    /// <summary>Reference deciles, binning of both sides and PSI, from unsorted input.</summary>
    [Benchmark]
    public double Psi1MVs1M()
    {
        var a = (double[])_reference.Clone();
        var b = (double[])_current.Clone();
        Array.Sort(a);
        Array.Sort(b);
        var edges = Quantiles.DecileEdges(a);
        return Divergences.Psi(
            [.. Quantiles.BinCounts(a, edges).Select(c => (double)c)],
            [.. Quantiles.BinCounts(b, edges).Select(c => (double)c)]);
    }

    [Benchmark]
    public DataProfile Profile100kBy30()
    {
        var builder = new DataProfileBuilder();
        var features = Enumerable.Range(0, 30).Select(i => builder.Feature($"f{i}")).ToArray();
        for (var row = 0; row < 100_000; row++)
        {
            builder.CountRow();
            for (var f = 0; f < 30; f++)
            {
                features[f].AddNumber(_table[f][row]);
            }
        }

        return builder.Build();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
