using System.Text.Json;
using Sluice.Core.Profiles;

namespace Sluice.Core.Drift;

/// <summary>
/// Compares features of a reference and a current side with the default or requested methods, applies the
/// multiple-testing correction to p-value methods, and gives the data-set verdict.
/// </summary>
public static class DriftEvaluator
{
    public const double DefaultShareThreshold = 0.5;

    public static DriftReport Evaluate(
        IReadOnlyList<FeatureSample> reference,
        IReadOnlyList<FeatureSample> current,
        IReadOnlyList<FeatureRule> rules,
        MultipleTestingCorrection correction,
        double shareThreshold = DefaultShareThreshold)
    {
        var currentByName = current.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var names = rules.Count > 0 ? rules.Select(r => r.Name).Distinct().ToList() : reference.Select(f => f.Name).ToList();
        var referenceByName = reference.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var raw = new List<(FeatureDriftResult Result, double? P)>();
        foreach (var name in names)
        {
            if (!referenceByName.TryGetValue(name, out var r))
            {
                throw new ArgumentException($"feature \"{name}\" is not in the reference");
            }

            if (!currentByName.TryGetValue(name, out var c))
            {
                throw new ArgumentException($"feature \"{name}\" is not in the current data");
            }

            var rule = rules.FirstOrDefault(x => x.Name == name);
            raw.Add(Compare(r, c, rule));
        }

        var adjusted = Adjust([.. raw.Select(x => x.P)], correction);
        var results = raw.Select((x, i) => x.P is null ? x.Result : x.Result with
        {
            Score = adjusted[i]!.Value,
            Drifted = adjusted[i]!.Value < x.Result.Threshold,
        }).ToList();
        var drifted = results.Count(f => f.Drifted);
        var share = results.Count == 0 ? 0 : (double)drifted / results.Count;
        return new DriftReport(share >= shareThreshold && drifted > 0, drifted, share, shareThreshold, CorrectionName(correction), results);
    }

    public static string CorrectionName(MultipleTestingCorrection c) => c switch
    {
        MultipleTestingCorrection.Bonferroni => "bonferroni",
        MultipleTestingCorrection.BenjaminiHochberg => "bh",
        _ => "none",
    };

    private static (FeatureDriftResult, double?) Compare(FeatureSample r, FeatureSample c, FeatureRule? rule)
    {
        var kind = r.Kind == FeatureKind.Categorical || c.Kind == FeatureKind.Categorical ? FeatureKind.Categorical : FeatureKind.Numeric;
        var stats = new Dictionary<string, object>(StringComparer.Ordinal);
        var notes = new List<string>();
        DriftMethod defaultMethod;
        bool small = r.Count <= DriftMethods.SmallSample && c.Count <= DriftMethods.SmallSample;
        if (kind == FeatureKind.Numeric && r.Values is not null && c.Values is not null)
        {
            if (r.Values.Length == 0 || c.Values.Length == 0)
            {
                throw new ArgumentException($"feature \"{r.Name}\" has no non-missing values on the {(r.Values.Length == 0 ? "reference" : "current")} side");
            }

            var s = NumericStatistics.Compute(r.Values, c.Values);
            Copy(s, stats);
            defaultMethod = small ? DriftMethod.Ks : DriftMethod.Wasserstein;
        }
        else if (kind == FeatureKind.Numeric)
        {
            if (r.Count == 0 || c.Count == 0)
            {
                throw new ArgumentException($"feature \"{r.Name}\" has no non-missing values on the {(r.Count == 0 ? "reference" : "current")} side");
            }

            var (refBins, curBins, edges) = BinAgainstProfile(r, c);
            stats["psi_deciles"] = Divergences.Psi(refBins, curBins);
            stats["jensenshannon_base2_deciles"] = Divergences.JensenShannonBase2(refBins, curBins);
            stats["decile_edges"] = edges;
            var ks = BinnedKs(refBins, curBins);
            stats["ks_statistic_deciles"] = ks.Statistic;
            stats["ks_pvalue_deciles"] = ks.PValue;
            var (chi2, p, dof) = Statistics.ChiSquared.Homogeneity(refBins, curBins);
            stats["chi2_statistic_deciles"] = chi2;
            stats["chi2_pvalue_deciles"] = p;
            stats["chi2_dof_deciles"] = dof;
            notes.Add("a profile carries only decile bins: KS uses the largest ECDF gap at the decile edges (a conservative p-value), chi-squared, PSI and JS the bin counts; Wasserstein needs raw samples on both sides");
            // A distance threshold ignores sampling noise, which on 10 bins exceeds JS 0.1 below ~150 values; KS on
            // the bins has a proper null for any size, so it decides whenever one side is small.
            defaultMethod = Math.Min(r.Count, c.Count) <= DriftMethods.SmallSample ? DriftMethod.Ks : DriftMethod.Js;
        }
        else
        {
            var s = CategoricalStatistics.FromCounts(Categories(r), Categories(c));
            Copy(s, stats);
            defaultMethod = small ? DriftMethod.Chi2 : DriftMethod.Js;
        }

        var method = rule?.Method ?? defaultMethod;
        var key = StatisticKey(method, kind, binned: notes.Count > 0);
        if (!stats.TryGetValue(key, out var scoreObject))
        {
            throw new ArgumentException(
                $"feature \"{r.Name}\": method {DriftMethods.Name(method)} cannot run on {kind.ToString().ToLowerInvariant()} data{(notes.Count > 0 ? " from a profile (it needs raw samples)" : "")}");
        }

        var score = (double)scoreObject;
        var threshold = rule?.Threshold ?? DriftMethods.DefaultThreshold(method);
        var isP = DriftMethods.IsPValue(method);
        var result = new FeatureDriftResult
        {
            Name = r.Name,
            Kind = kind == FeatureKind.Numeric ? "numeric" : "categorical",
            Method = DriftMethods.Name(method),
            Score = score,
            Threshold = threshold,
            Drifted = isP ? score < threshold : score >= threshold,
            PValue = isP ? score : null,
            MissingShareReference = r.MissingShare,
            MissingShareCurrent = c.MissingShare,
            ReferenceCount = r.Count,
            CurrentCount = c.Count,
            Statistics = stats,
            Notes = notes.Count > 0 ? notes : null,
        };
        return (result, isP ? score : null);
    }

    private static string StatisticKey(DriftMethod method, FeatureKind kind, bool binned) => method switch
    {
        DriftMethod.Ks => binned ? "ks_pvalue_deciles" : "ks_pvalue",
        DriftMethod.Wasserstein => "wasserstein_normed",
        DriftMethod.Psi => kind == FeatureKind.Numeric ? "psi_deciles" : "psi",
        DriftMethod.Js => kind == FeatureKind.Numeric ? "jensenshannon_base2_deciles" : "jensenshannon_base2",
        DriftMethod.Chi2 => kind == FeatureKind.Numeric ? "chi2_pvalue_deciles" : "chi2_pvalue",
        _ => "linf",
    };

    private static void Copy(object statistics, Dictionary<string, object> into)
    {
        foreach (var p in JsonSerializer.SerializeToElement(statistics).EnumerateObject())
        {
            into[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Array => p.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? (object)e.GetDouble() : e.GetString()!).ToArray(),
                _ => p.Value.ToString(),
            };
        }

        foreach (var key in new[] { "chi2_dof", "chi2_dof_deciles" })
        {
            if (into.TryGetValue(key, out var dof))
            {
                into[key] = (int)(double)dof;
            }
        }
    }

    private static IReadOnlyDictionary<string, long> Categories(FeatureSample s) =>
        s.Categories ?? (s.Values ?? []).GroupBy(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    // The ECDFs of both sides are known exactly at the edges, so max |ΔF| there is a lower bound of D on the raw data.
    private static Statistics.KsResult BinnedKs(double[] refBins, double[] curBins)
    {
        long refTotal = (long)refBins.Sum(), curTotal = (long)curBins.Sum();
        if (refTotal == 0 || curTotal == 0)
        {
            return new Statistics.KsResult(double.NaN, double.NaN, false);
        }

        long refCumulative = 0, curCumulative = 0;
        var d = 0.0;
        for (var i = 0; i < refBins.Length - 1; i++)
        {
            refCumulative += (long)refBins[i];
            curCumulative += (long)curBins[i];
            d = Math.Max(d, Math.Abs(((double)refCumulative / refTotal) - ((double)curCumulative / curTotal)));
        }

        return Statistics.KolmogorovSmirnov.FromStatistic(refTotal, curTotal, d);
    }

    // The reference profile's edges bin both sides; a raw side is binned exactly, a profile side must share the edges.
    private static (double[] Ref, double[] Cur, double[] Edges) BinAgainstProfile(FeatureSample r, FeatureSample c)
    {
        double[] edges;
        double[] refBins;
        if (r.Profile is { DecileEdges: not null, DecileCounts: not null } rp)
        {
            edges = [.. rp.DecileEdges];
            refBins = [.. rp.DecileCounts.Select(x => (double)x)];
        }
        else
        {
            var sorted = (double[])r.Values!.Clone();
            Array.Sort(sorted);
            edges = Statistics.Quantiles.DecileEdges(sorted);
            refBins = NumericStatistics.ToDouble(Statistics.Quantiles.BinCounts(sorted, edges));
        }

        double[] curBins;
        if (c.Values is not null)
        {
            // Binned where they lie: a window's sample is large, and sorting it only to count ten bins cost most of the evaluation.
            curBins = NumericStatistics.ToDouble(Statistics.Quantiles.BinCountsUnsorted(c.Values, edges));
        }
        else if (c.Profile is { DecileEdges: not null, DecileCounts: not null } cp && cp.DecileEdges.SequenceEqual(edges))
        {
            curBins = [.. cp.DecileCounts.Select(x => (double)x)];
        }
        else
        {
            throw new ArgumentException(
                $"feature \"{r.Name}\": two profiles with different decile edges cannot be compared; give the current side as raw data (CSV or serving logs)");
        }

        return (refBins, curBins, edges);
    }

    private static double?[] Adjust(double?[] p, MultipleTestingCorrection correction)
    {
        var indices = Enumerable.Range(0, p.Length).Where(i => p[i] is not null).ToList();
        var m = indices.Count;
        var result = (double?[])p.Clone();
        if (correction == MultipleTestingCorrection.Bonferroni)
        {
            foreach (var i in indices)
            {
                result[i] = Math.Min(1.0, p[i]!.Value * m);
            }
        }
        else if (correction == MultipleTestingCorrection.BenjaminiHochberg)
        {
            // Step-up: adjusted p_(k) = min over j ≥ k of p_(j)·m/j, as statsmodels' fdr_bh.
            var ordered = indices.OrderBy(i => p[i]!.Value).ToList();
            var running = 1.0;
            for (var k = m; k >= 1; k--)
            {
                var i = ordered[k - 1];
                running = Math.Min(running, p[i]!.Value * m / k);
                result[i] = running;
            }
        }

        return result;
    }
}
