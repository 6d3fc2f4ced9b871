using System.Text.Json;

namespace Sluice.Core.Monitoring;

/// <summary>
/// The summary a window's evaluation Job leaves as its results (at most 4 KB; the full report is in the artifact
/// store): counts, verdict, the drifted share and the most drifted features first.
/// </summary>
public sealed record WindowResult(
    string Verdict,
    long Rows,
    long Sampled,
    long Invalid,
    long InvalidObjects,
    int Features,
    int DriftedFeatures,
    double Share,
    string? Report,
    IReadOnlyList<FeatureScore> Top,
    int Omitted)
{
    /// <summary>The summary in a Job's results, or an error that says what is wrong with it.</summary>
    public static (WindowResult? Result, string? Error) Parse(JsonElement results)
    {
        try
        {
            if (results.ValueKind != JsonValueKind.Object)
            {
                return (null, "the evaluation's results are not a JSON object");
            }

            var verdict = results.GetProperty("verdict").GetString();
            if (verdict is not (WindowVerdicts.Drifted or WindowVerdicts.Clean or WindowVerdicts.InsufficientData))
            {
                return (null, $"the evaluation's verdict \"{verdict}\" is not Drifted, Clean or InsufficientData");
            }

            var top = new List<FeatureScore>();
            if (results.TryGetProperty("top", out var features) && features.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in features.EnumerateArray())
                {
                    top.Add(new FeatureScore(
                        f.GetProperty("name").GetString() ?? "",
                        f.GetProperty("method").GetString() ?? "",
                        Number(f, "score") ?? double.NaN,
                        Number(f, "pValue"),
                        Number(f, "threshold") ?? double.NaN,
                        f.TryGetProperty("drifted", out var d) && d.ValueKind == JsonValueKind.True));
                }
            }

            return (new WindowResult(
                verdict,
                Long(results, "rows"),
                Long(results, "sampled"),
                Long(results, "invalid"),
                Long(results, "invalidObjects"),
                (int)Long(results, "features"),
                (int)Long(results, "driftedFeatures"),
                Number(results, "share") ?? 0,
                results.TryGetProperty("report", out var report) ? report.GetString() : null,
                top,
                (int)Long(results, "omitted")), null);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (null, $"the evaluation's results are not a window summary ({e.Message})");
        }
    }

    private static long Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}
