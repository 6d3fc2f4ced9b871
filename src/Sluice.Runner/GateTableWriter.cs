using Sluice.Core.Gate;

namespace Sluice.Runner;

/// <summary>The gate's verdict as <c>sluice run</c> prints it: the operator's message, then a row per rule.</summary>
internal static class GateTableWriter
{
    public static void Write(TextWriter output, LocalGateOutcome outcome)
    {
        var verdict = outcome.Verdict;
        var against = outcome.Baseline?.ModelVersion is { } baseline ? $"baseline {baseline}" : "no serving model";
        var reason = verdict.Reason == verdict.Result.ToString() ? "" : $"{verdict.Reason}, ";
        output.WriteLine($"gate: {verdict.Result} ({reason}{against}): {verdict.Message}");
        if (verdict.Rules.Count > 0)
        {
            string[] header = ["rule", "direction", "candidate", "baseline", "diff", "thresholds", "verdict"];
            var rows = verdict.Rules.Select(r => new[]
            {
                r.Rule.Metric,
                r.Rule.Direction.ToString(),
                Text(r.Candidate),
                Text(r.Baseline),
                Text(r.Diff),
                Thresholds(r.Rule),
                r.Passed ? "passed" : $"failed: {string.Join(", ", r.Failed)}",
            }).ToList();
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            foreach (var row in rows.Prepend(header))
            {
                output.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
            }
        }

        if (outcome.Registered is { } registered)
        {
            output.WriteLine($"registered ModelVersion {registered.Metadata.Name} (model {registered.Spec.Model}, version {registered.Spec.Version}): {outcome.RegistryUri}");
        }
        else
        {
            output.WriteLine("the model was not registered");
        }
    }

    private static string Text(decimal? value) => value is { } v ? GateEvaluator.F(v) : "-";

    private static string Thresholds(GateRule rule) =>
        rule.Thresholds() is { Count: > 0 } thresholds ? string.Join(", ", thresholds.Select(t => $"{t.Name} {GateEvaluator.F(t.Value)}")) : "-";
}
