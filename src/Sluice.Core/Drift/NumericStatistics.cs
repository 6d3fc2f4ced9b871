using System.Text.Json.Serialization;

namespace Sluice.Core.Drift;

/// <summary>Every statistic of two raw numeric samples; JSON names are those of reference_cases.json.</summary>
public sealed record NumericStatistics(
    [property: JsonPropertyName("ks_statistic")] double KsStatistic,
    [property: JsonPropertyName("ks_pvalue")] double KsPValue,
    [property: JsonPropertyName("psi_deciles")] double PsiDeciles,
    [property: JsonPropertyName("jensenshannon_base2_deciles")] double JensenShannonBase2Deciles,
    [property: JsonPropertyName("wasserstein")] double Wasserstein,
    [property: JsonPropertyName("wasserstein_normed")] double WassersteinNormed,
    [property: JsonPropertyName("decile_edges")] IReadOnlyList<double> DecileEdges,
    [property: JsonPropertyName("chi2_statistic_deciles")] double Chi2StatisticDeciles,
    [property: JsonPropertyName("chi2_pvalue_deciles")] double Chi2PValueDeciles,
    [property: JsonPropertyName("chi2_dof_deciles")] int Chi2DofDeciles)
{
    /// <summary>Computes everything from the non-missing values (NaN is missing and must be removed first).</summary>
    public static NumericStatistics Compute(double[] reference, double[] current)
    {
        var r = (double[])reference.Clone();
        var c = (double[])current.Clone();
        Array.Sort(r);
        Array.Sort(c);
        return ComputeSorted(r, c);
    }

    public static NumericStatistics ComputeSorted(double[] reference, double[] current)
    {
        var ks = Statistics.KolmogorovSmirnov.TwoSampleSorted(reference, current);
        var edges = Statistics.Quantiles.DecileEdges(reference);
        var refBins = ToDouble(Statistics.Quantiles.BinCounts(reference, edges));
        var curBins = ToDouble(Statistics.Quantiles.BinCounts(current, edges));
        var w = Drift.Wasserstein.Distance(reference, current);
        var chi2 = Statistics.ChiSquared.Homogeneity(refBins, curBins);
        return new NumericStatistics(
            ks.Statistic,
            ks.PValue,
            Divergences.Psi(refBins, curBins),
            Divergences.JensenShannonBase2(refBins, curBins),
            w,
            Drift.Wasserstein.Normed(w, PopulationStd(reference)),
            edges,
            chi2.Statistic,
            chi2.PValue,
            chi2.Dof);
    }

    internal static double[] ToDouble(long[] counts) => [.. counts.Select(c => (double)c)];

    private static double PopulationStd(double[] values)
    {
        var mean = values.Average();
        var ss = 0.0;
        foreach (var v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / values.Length);
    }
}
