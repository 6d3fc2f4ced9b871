using System.Text.Json.Serialization;

namespace Sluice.Core.Drift;

/// <summary>Every statistic of two category-count tables; JSON names are those of reference_cases.json.</summary>
public sealed record CategoricalStatistics(
    [property: JsonPropertyName("chi2_statistic")] double Chi2Statistic,
    [property: JsonPropertyName("chi2_pvalue")] double Chi2PValue,
    [property: JsonPropertyName("chi2_dof")] int Chi2Dof,
    [property: JsonPropertyName("psi")] double Psi,
    [property: JsonPropertyName("jensenshannon_base2")] double JensenShannonBase2,
    [property: JsonPropertyName("linf")] double Linf,
    [property: JsonPropertyName("linf_category")] string? LinfCategory,
    [property: JsonPropertyName("unseen_categories")] IReadOnlyList<string> UnseenCategories)
{
    public static CategoricalStatistics FromValues(IEnumerable<string> reference, IEnumerable<string> current) =>
        FromCounts(Count(reference), Count(current));

    /// <summary>Categories are the union of both sides, in ordinal order; unseen means absent from the reference.</summary>
    public static CategoricalStatistics FromCounts(IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        var categories = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
        var r = categories.Select(k => (double)reference.GetValueOrDefault(k)).ToArray();
        var c = categories.Select(k => (double)current.GetValueOrDefault(k)).ToArray();
        var (chi2, p, dof) = Statistics.ChiSquared.Homogeneity(r, c);
        double rTotal = r.Sum(), cTotal = c.Sum();
        var linf = 0.0;
        string? worst = null;
        for (var i = 0; i < categories.Length; i++)
        {
            var diff = Math.Abs((r[i] / rTotal) - (c[i] / cTotal));
            if (diff > linf)
            {
                linf = diff;
                worst = categories[i];
            }
        }

        return new CategoricalStatistics(
            chi2,
            p,
            dof,
            Divergences.Psi(r, c),
            Divergences.JensenShannonBase2(r, c),
            linf,
            worst,
            [.. categories.Where(k => !reference.ContainsKey(k) || reference[k] == 0)]);
    }

    private static Dictionary<string, long> Count(IEnumerable<string> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            counts[v] = counts.GetValueOrDefault(v) + 1;
        }

        return counts;
    }
}
