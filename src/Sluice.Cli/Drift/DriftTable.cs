using System.Globalization;
using Sluice.Core.Drift;

namespace Sluice.Cli.Drift;

/// <summary>The human-readable form of a drift report: one row per feature, then the verdict.</summary>
internal static class DriftTable
{
    public static void Write(DriftReport report, TextWriter output)
    {
        var rows = new List<string[]> { new[] { "FEATURE", "KIND", "METHOD", "SCORE", "P-VALUE", "THRESHOLD", "DRIFTED", "MISSING REF", "MISSING CUR" } };
        foreach (var f in report.Features)
        {
            rows.Add([
                f.Name, f.Kind, f.Method, Format(f.Score), f.PValue is { } p ? Format(p) : "-", Format(f.Threshold),
                f.Drifted ? "yes" : "no", Percent(f.MissingShareReference), Percent(f.MissingShareCurrent),
            ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        // The same note on many features (e.g. every feature of a profile) is printed once, naming them.
        foreach (var group in report.Features.Where(f => f.Notes is not null).GroupBy(f => string.Join("; ", f.Notes!), StringComparer.Ordinal))
        {
            var names = group.Select(f => f.Name).ToList();
            var who = names.Count <= 3 ? string.Join(", ", names) : $"{names.Count} features ({string.Join(", ", names.Take(3))}, …)";
            output.WriteLine($"note: {who}: {group.Key}");
        }

        foreach (var f in report.Features)
        {
            if (f.Statistics.TryGetValue("unseen_categories", out var unseen) && unseen is object[] { Length: > 0 } list)
            {
                output.WriteLine($"note: {f.Name}: categories not in the reference: {string.Join(", ", list)}");
            }
        }

        if (report.Target is { } target)
        {
            output.WriteLine($"note: the label column {target} (the target, not a feature) is left out");
        }

        output.WriteLine();
        output.WriteLine(Verdict(report));
    }

    /// <summary>
    /// How many features drifted and whether that reaches the data-set rule, in words: a few drifted features
    /// below the share threshold are "no data-set drift", and the line says how to fail on any of them.
    /// </summary>
    public static string Verdict(DriftReport report)
    {
        var (drifted, total) = (report.DriftedFeatures, report.Features.Count);
        var rule = $"data-set drift needs {report.FeaturesForDatasetDrift} of {total} (--share-threshold {Percent0(report.ShareThreshold)}); correction {report.Correction}";
        return report.DatasetDrift ? $"DRIFT: {drifted} of {total} features drifted ({Percent0(report.DriftShare)}); {rule}"
            : drifted == 0 ? $"NO DRIFT: 0 of {total} features drifted; {rule}"
            : $"NO DATA-SET DRIFT: {drifted} of {total} features drifted ({Percent0(report.DriftShare)}), but {rule}. To fail on any drifted feature, give --share-threshold 0";
    }

    private static string Percent0(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#}%");

    private static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Percent(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
