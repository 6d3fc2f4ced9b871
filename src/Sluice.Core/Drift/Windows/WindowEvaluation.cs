using System.Globalization;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// Turns a finished <see cref="WindowScan"/> into the window's verdict: too many invalid lines and features the
/// logs never name are errors (<see cref="InvalidDataException"/> with a message for people), too few rows is
/// <see cref="WindowVerdicts.InsufficientData"/>, else the drift test of every feature with its explicit rule.
/// </summary>
public static class WindowEvaluation
{
    /// <param name="scan">The pass over the window's lines.</param>
    /// <param name="header">The window's identity and settings; the result fills in the rest.</param>
    public static WindowReport Evaluate(WindowScan scan, WindowReport header)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(header);
        var counts = scan.Counts;
        var features = scan.Features;
        var report = header with
        {
            Counts = counts,
            Features = features.Features.Count,
            FirstInvalidLine = scan.FirstInvalid,
            InvalidObjects = scan.InvalidObjects,
            Notes = [.. header.Notes, .. features.Notes],
        };
        if (counts.Invalid * 2 > counts.Lines)
        {
            var example = scan.FirstInvalid!;
            throw new InvalidDataException(
                $"{counts.Invalid} of the {counts.Lines} lines read for the window are not serving-log lines (a JSON object with a string \"ts\" and a " +
                $"\"features\" object), more than half: e.g. line {example.Line} of {example.Key}. Is --logs the root the server writes to (--request-log)?");
        }

        if (counts.Rows < header.MinSamples)
        {
            return report with { Verdict = WindowVerdicts.InsufficientData };
        }

        var missing = features.Features.Where(f => scan.Sample.ValuesOf(f) == 0).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(MissingFeaturesMessage(missing, features.Features.Count, counts.Sampled, scan.LogFeatureNames));
        }

        var reference = features.Features.Select(f => FeatureSample.FromProfile(f.Profile)).ToList();
        var current = features.Features.Select(scan.Sample.ToFeatureSample).ToList();
        var drift = DriftEvaluator.Evaluate(reference, current, features.Rules, MultipleTestingCorrection.None, header.ShareThreshold);
        return report with { Verdict = drift.DatasetDrift ? WindowVerdicts.Drifted : WindowVerdicts.Clean, Drift = drift };
    }

    private static string MissingFeaturesMessage(List<string> missing, int compared, long sampled, IReadOnlyList<string> logNames)
    {
        var named = string.Join(", ", missing.Take(5)) + (missing.Count > 5 ? ", …" : "");
        var logs = logNames.Count == 0
            ? "the sampled rows name no features at all"
            : $"the logs' rows name {string.Join(", ", logNames.Take(8))}{(logNames.Count > 8 ? ", …" : "")} " +
              $"({(logNames.Count >= ServingLogLineParser.MaxSeenNames ? "at least " : "")}{logNames.Count.ToString(CultureInfo.InvariantCulture)} names)";
        return $"{missing.Count} of the {compared} compared features {(missing.Count == 1 ? "has" : "have")} no value in any of the {sampled} sampled rows ({named}); {logs}. " +
            "The serving logs must name the baseline's features: serve the model with --feature-names (or the sluice.feature_names " +
            "metadata), or leave features out with --ignore NAME";
    }
}
