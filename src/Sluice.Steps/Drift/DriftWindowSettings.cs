using System.Globalization;
using Sluice.Core.Drift;
using Sluice.Core.Drift.Windows;

namespace Sluice.Steps.Drift;

/// <summary>The checked settings of one drift window; every error names its option.</summary>
internal sealed record DriftWindowSettings(
    string Logs,
    string Namespace,
    string Baseline,
    string ReportOut,
    WindowScanSettings Scan,
    WindowFeatureOptions Features,
    double ShareThreshold,
    int MinSamples,
    TimeSpan? ObjectSpan)
{
    /// <summary>A million rows of 30 features is 240 MB of sample: the most a drift Job's memory is planned for.</summary>
    public const int MaxSamplesLimit = 1_000_000;

    public static DriftWindowSettings Parse(DriftWindowOptions o, StageEnvironment environment)
    {
        var logs = environment.Input(o.Logs, "logs", "--logs");
        var baseline = environment.Input(o.Baseline, "baseline", "--baseline");
        var reportOut = environment.Output(o.ReportOut, "report", "--report-out");
        var start = Time(o.Start, "--start");
        var end = Time(o.End, "--end");
        if (end <= start)
        {
            throw new StepException($"--end {o.End} is not after --start {o.Start}: the window is [start, end)");
        }

        var (numericMethod, numericThreshold) = Default(o.Numeric, "--numeric", (DriftMethod.Ks, 0.05));
        var (categoricalMethod, categoricalThreshold) = Default(o.Categorical, "--categorical", (DriftMethod.Chi2, 0.05));
        var rules = o.Features.Select(text => Parsed("--feature", text, DriftRuleText.ParseRule)).ToList();
        var maxSamples = Whole(o.MaxSamples, "--max-samples", 100_000, 1, MaxSamplesLimit);
        var scan = new WindowScanSettings(Segment(o.Model, "--model"), Segment(o.Version, "--version"), start, end, maxSamples, o.Seed ?? "");
        return new DriftWindowSettings(logs, Segment(o.Namespace, "--namespace"), baseline, reportOut, scan,
            new WindowFeatureOptions(numericMethod, numericThreshold, categoricalMethod, categoricalThreshold, rules, o.Ignore),
            Share(o.ShareThreshold), Whole(o.MinSamples, "--min-samples", 100, 1, int.MaxValue), Span(o.ObjectSpan));
    }

    private static TimeSpan? Span(string? text) => text is null
        ? null
        : Core.Durations.GoDuration.TryParse(text, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new StepException($"--object-span \"{text}\" is not {Core.Durations.GoDuration.Expected}");

    private static DateTimeOffset Time(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StepException($"{option} is required: an RFC 3339 time such as 2026-11-23T10:00:00Z");
        }

        return ServingLogPartitions.TryParseTime(text, out var time)
            ? time
            : throw new StepException($"{option} \"{text}\" is not an RFC 3339 time such as 2026-11-23T10:00:00Z");
    }

    private static string Segment(string? value, string option) => ServingLogPartitions.IsSegment(value)
        ? value!
        : throw new StepException($"{option} {(string.IsNullOrWhiteSpace(value) ? "is required" : $"\"{value}\" cannot be one segment of a serving-log key (no '/', '.' or '..')")}");

    private static (DriftMethod, double) Default(string? text, string option, (DriftMethod, double) fallback) =>
        text is null ? fallback : Parsed(option, text, DriftRuleText.ParseDefault);

    private static T Parsed<T>(string option, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new StepException($"{option} {e.Message}", e);
        }
    }

    private static int Whole(string? text, string option, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new StepException($"{option} \"{text}\" is not a whole number from {min} to {max}");
    }

    private static double Share(string? text)
    {
        if (text is null)
        {
            return DriftEvaluator.DefaultShareThreshold;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new StepException($"--share-threshold \"{text}\" is not a number from 0 to 1");
    }
}
