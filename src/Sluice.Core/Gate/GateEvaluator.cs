using System.Globalization;

namespace Sluice.Core.Gate;

/// <summary>
/// The model gate with TFMA's semantics (tensorflow_model_analysis metrics_validator): bounds and change thresholds
/// are inclusive, so a tie passes "not worse"; a metric missing on either side refuses, naming it; a relative rule
/// against a baseline of 0 refuses as undefined (where TFMA fails through NaN without saying so); with no serving
/// model the change thresholds are skipped and the model is accepted on its bounds alone (TFX's rubber stamp).
/// Decimals throughout: what the status shows is what was compared.
/// </summary>
public static class GateEvaluator
{
    public const string Refused = "GateRefused";
    public const string MetricNotFound = "MetricNotFound";
    public const string UndefinedRelativeChange = "UndefinedRelativeChange";

    public static GateVerdict Evaluate(IReadOnlyList<GateRule> rules, IReadOnlyDictionary<string, decimal> candidate, GateBaseline? baseline)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(candidate);
        var outcomes = rules.Select(r => Check(r, candidate, baseline)).ToList();
        if (outcomes.FirstOrDefault(o => !o.Passed) is { } first)
        {
            var others = outcomes.Count(o => !o.Passed) - 1;
            return new GateVerdict(GateResult.Refused, outcomes, first.Reason!, first.Message + (others > 0 ? $" (and {others} more rule{(others > 1 ? "s" : "")} failed)" : ""));
        }

        if (baseline is null)
        {
            var skipped = rules.Any(r => r.HasChangeThreshold) ? "; its change thresholds were skipped" : "";
            return new GateVerdict(GateResult.RubberStamped, outcomes, "RubberStamped",
                $"no serving model to compare with: accepted on its absolute bounds alone ({Count(rules.Count)} passed{skipped})");
        }

        return new GateVerdict(GateResult.Blessed, outcomes, "GatePassed", $"{Count(rules.Count)} passed against serving {baseline.Name}");
    }

    private static string Count(int rules) => rules == 1 ? "1 rule" : $"{rules} rules";

    private static RuleOutcome Check(GateRule rule, IReadOnlyDictionary<string, decimal> candidate, GateBaseline? baseline)
    {
        if (!candidate.TryGetValue(rule.Metric, out var c))
        {
            return Missing(rule, null, $"metric {rule.Metric} not found in the candidate's metrics ({Known(candidate)})");
        }

        var failed = new List<string>();
        string? message = null;
        void Fail(string threshold, string text)
        {
            failed.Add(threshold);
            message ??= text;
        }

        if (rule.Min is { } min && c < min)
        {
            Fail("min", $"{rule.Metric} {F(c)} < min {F(min)}");
        }

        if (rule.Max is { } max && c > max)
        {
            Fail("max", $"{rule.Metric} {F(c)} > max {F(max)}");
        }

        if (baseline is null || !rule.HasChangeThreshold)
        {
            return Outcome(rule, c, null, null, null, failed, message);
        }

        if (!baseline.Metrics.TryGetValue(rule.Metric, out var b))
        {
            return Missing(rule, c, $"metric {rule.Metric} not found in serving {baseline.Name}'s metrics ({Known(baseline.Metrics)})");
        }

        var diff = c - b;
        var versus = $"{rule.Metric} {F(c)} vs serving {baseline.Name} {F(b)}";
        if (rule.MinImprovement is { } improvement && diff < improvement)
        {
            Fail("minImprovement", $"{versus}: diff {Signed(diff)} < minImprovement {F(improvement)}");
        }

        if (rule.MaxRegression is { } regression && diff > regression)
        {
            Fail("maxRegression", $"{versus}: diff {Signed(diff)} > maxRegression {F(regression)}");
        }

        if (!rule.HasRelativeThreshold)
        {
            return Outcome(rule, c, b, diff, null, failed, message);
        }

        if (b == 0)
        {
            var (field, value) = rule.MinRelativeImprovement is { } r ? ("minRelativeImprovement", r) : ("maxRelativeRegression", rule.MaxRelativeRegression!.Value);
            failed.Add(field);
            return new RuleOutcome(rule, c, b, diff, null, failed, UndefinedRelativeChange,
                $"{versus}: a change relative to 0 is undefined ({field} {F(value)}); use minImprovement or maxRegression for this metric");
        }

        var ratio = diff / b;
        if (rule.MinRelativeImprovement is { } relative && ratio < relative)
        {
            Fail("minRelativeImprovement", $"{versus}: relative change {Signed(Round(ratio))} < minRelativeImprovement {F(relative)}");
        }

        if (rule.MaxRelativeRegression is { } relativeRegression && ratio > relativeRegression)
        {
            Fail("maxRelativeRegression", $"{versus}: relative change {Signed(Round(ratio))} > maxRelativeRegression {F(relativeRegression)}");
        }

        return Outcome(rule, c, b, diff, Round(ratio), failed, message);
    }

    private static RuleOutcome Outcome(GateRule rule, decimal c, decimal? b, decimal? diff, decimal? ratio, List<string> failed, string? message) =>
        new(rule, c, b, diff, ratio, failed, failed.Count == 0 ? null : Refused, message);

    private static RuleOutcome Missing(GateRule rule, decimal? candidate, string message) =>
        new(rule, candidate, null, null, null, ["metric"], MetricNotFound, message);

    private static string Known(IReadOnlyDictionary<string, decimal> metrics) =>
        metrics.Count == 0 ? "it has none" : "it has " + string.Join(", ", metrics.Keys.Order(StringComparer.Ordinal));

    /// <summary>A ratio to 6 places: enough to read, and what the status shows.</summary>
    private static decimal Round(decimal ratio) => Math.Round(ratio, 6, MidpointRounding.AwayFromZero);

    public static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Signed(decimal value) => value > 0 ? "+" + F(value) : F(value);
}
