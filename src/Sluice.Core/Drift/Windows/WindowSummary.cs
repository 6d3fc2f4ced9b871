using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Core.Results;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The results of a drift window for the operator (the termination message, at most 4096 bytes): counts, verdict,
/// and as many features as fit, most drifted first. The full report is an artifact; this is what the operator can
/// act on without S3 credentials.
/// </summary>
public static class WindowSummary
{
    /// <summary>What the summary may take of a termination message: the rest is left for the step's artifact digests.</summary>
    public const int MaxBytes = StageResults.MaxBytes - 200;

    /// <summary>The results object, in the contract's member order, with the top features that fit in <paramref name="maxBytes"/> (UTF-8, compact).</summary>
    public static JsonObject Build(WindowReport report, string reportUri, int maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ranked = Rank(report.Drift?.Features ?? []);
        var entries = ranked.Select(Entry).ToList();
        JsonObject Summary(int top) => new()
        {
            ["start"] = report.Start,
            ["end"] = report.End,
            ["model"] = report.Model,
            ["version"] = report.Version,
            ["objects"] = report.Counts.Objects,
            ["invalidObjects"] = report.Counts.InvalidObjects,
            ["rows"] = report.Counts.Rows,
            ["invalid"] = report.Counts.Invalid,
            ["sampled"] = report.Counts.Sampled,
            ["verdict"] = report.Verdict,
            ["features"] = report.Features,
            ["driftedFeatures"] = report.Drift?.DriftedFeatures ?? 0,
            ["share"] = Math.Round(report.Drift?.DriftShare ?? 0, 4),
            ["shareThreshold"] = report.ShareThreshold,
            ["report"] = reportUri,
            ["top"] = new JsonArray([.. entries.Take(top).Select(e => e.DeepClone())]),
            ["omitted"] = entries.Count - top,
        };

        var fitting = Summary(0);
        if (Size(fitting) > maxBytes)
        {
            throw new ArgumentException($"the window's results are over {maxBytes} bytes without any feature (names or URIs too long)", nameof(maxBytes));
        }

        // Each entry adds far more bytes than a shorter "omitted" count saves, so the size grows with the count.
        for (var top = 1; top <= entries.Count; top++)
        {
            var next = Summary(top);
            if (Size(next) > maxBytes)
            {
                break;
            }

            fitting = next;
        }

        return fitting;
    }

    /// <summary>
    /// Most drifted first: drifted before not drifted, then by how far past the threshold (p-value methods
    /// −log p / −log threshold, distances score / threshold, larger first), ties by name.
    /// </summary>
    public static IReadOnlyList<FeatureDriftResult> Rank(IEnumerable<FeatureDriftResult> features) =>
        [.. features.OrderByDescending(f => f.Drifted).ThenByDescending(Severity).ThenBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>How far a feature is past its threshold: 1 at the threshold, larger when further; NaN scores last.</summary>
    public static double Severity(FeatureDriftResult feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        var score = feature.Score;
        var threshold = feature.Threshold;
        if (double.IsNaN(score))
        {
            return double.NegativeInfinity;
        }

        if (feature.PValue is not null)
        {
            // p = 0 (underflow) is as far as a double goes, not infinitely far: the smallest positive double.
            var surprise = -Math.Log(Math.Max(score, double.Epsilon));
            var limit = -Math.Log(threshold);
            return limit > 0 && double.IsFinite(limit) ? surprise / limit : surprise;
        }

        return threshold > 0 ? score / threshold : score > 0 ? double.PositiveInfinity : 0;
    }

    private static JsonObject Entry(FeatureDriftResult f)
    {
        var entry = new JsonObject
        {
            ["name"] = f.Name,
            ["method"] = f.Method,
            ["score"] = Significant(f.Score),
        };
        if (f.PValue is { } p)
        {
            entry["pValue"] = Significant(p);
        }

        entry["threshold"] = f.Threshold;
        entry["drifted"] = f.Drifted;
        return entry;
    }

    // Four significant digits say how far past the threshold a feature is; more would only crowd others out.
    private static JsonNode? Significant(double value) =>
        double.IsFinite(value) ? JsonValue.Create(double.Parse(value.ToString("G4", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)) : null;

    /// <summary>The UTF-8 size of the object as the step writes it (compact, default escaping).</summary>
    public static int Size(JsonObject results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return Encoding.UTF8.GetByteCount(results.ToJsonString());
    }
}
