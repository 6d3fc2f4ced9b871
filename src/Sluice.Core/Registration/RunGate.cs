using System.Text.Json;
using Sluice.Core.Api;
using Sluice.Core.Gate;
using Sluice.Core.Results;

namespace Sluice.Core.Registration;

/// <summary>
/// The gate at the end of a run, the same under the operator and <c>sluice run</c>: the Pipeline's rules on the
/// metrics stage's results (the candidate at the top level, the serving model under <c>baseline</c>), against the
/// serving version pinned at the start, refused with <see cref="BaselineChanged"/> when another version serves now.
/// </summary>
public static class RunGate
{
    public const string BaselineChanged = "BaselineChanged";
    public const string NoGate = "NoGate";

    public static GateVerdict Evaluate(ModelRegistration model, Func<string, StageOutcome?> stages, RunBaseline? pinned, RunBaseline? servingNow)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stages);
        var results = MetricsResults(model, stages);
        if (model.Gate is null)
        {
            return new GateVerdict(GateResult.Blessed, [], NoGate, "no gate (spec.model.gate): every successful run registers its model");
        }

        var candidate = StageResults.Numbers(results);
        var baseline = pinned is null ? null : new GateBaseline(pinned.ModelVersion ?? "", StageResults.Numbers(results, "baseline"));
        var verdict = GateEvaluator.Evaluate(GateRules.From(model.Gate), candidate, baseline);
        if (Key(pinned) != Key(servingNow))
        {
            return verdict with
            {
                Result = GateResult.Refused,
                Reason = BaselineChanged,
                Message = $"the version to beat changed while the run ran, from {Describe(pinned)} to {Describe(servingNow)}: the candidate was measured against the other one; run again",
            };
        }

        if (verdict.Reason == GateEvaluator.MetricNotFound && baseline is { Metrics.Count: 0 } && verdict.Rules.Any(r => r.Candidate is not null && r.Baseline is null && !r.Passed))
        {
            return verdict with { Message = verdict.Message + $"; the metrics stage reported no baseline metrics: it must evaluate {BaselineModelVariable}" };
        }

        return verdict;
    }

    /// <summary>The candidate's metrics: the numbers at the top of the metrics stage's results.</summary>
    public static IReadOnlyDictionary<string, decimal> CandidateMetrics(ModelRegistration model, Func<string, StageOutcome?> stages) =>
        StageResults.Numbers(MetricsResults(model, stages));

    private static IReadOnlyDictionary<string, JsonElement> MetricsResults(ModelRegistration model, Func<string, StageOutcome?> stages) =>
        (model.Metrics is { } metrics ? stages(metrics.From)?.Results : null) ?? new Dictionary<string, JsonElement>();

    /// <summary>The variable that names the serving model's file to stages (empty for a first model).</summary>
    public const string BaselineModelVariable = "SLUICE_BASELINE_MODEL_URI";

    /// <summary>The verdict as status shows it: decimal strings, the thresholds as written.</summary>
    public static GateStatus Status(GateVerdict verdict, RunBaseline? pinned)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new GateStatus
        {
            Result = verdict.Result.ToString(),
            Reason = verdict.Reason,
            Message = verdict.Message,
            Baseline = pinned?.ModelVersion,
            Rules = verdict.Rules.Count == 0 ? null : [.. verdict.Rules.Select(RuleStatus)],
        };
    }

    private static GateRuleStatus RuleStatus(RuleOutcome outcome)
    {
        var rule = outcome.Rule;
        var thresholds = rule.Thresholds().ToDictionary(t => t.Name, t => GateEvaluator.F(t.Value), StringComparer.Ordinal);
        return new GateRuleStatus
        {
            Metric = rule.Metric,
            Direction = rule.Direction.ToString(),
            Candidate = Text(outcome.Candidate),
            Baseline = Text(outcome.Baseline),
            Diff = Text(outcome.Diff),
            Ratio = Text(outcome.Ratio),
            Thresholds = thresholds.Count == 0 ? null : thresholds,
            Passed = outcome.Passed,
            Failed = outcome.Passed ? null : [.. outcome.Failed],
        };
    }

    private static string? Text(decimal? value) => value is { } v ? GateEvaluator.F(v) : null;

    private static string Key(RunBaseline? baseline) => baseline is null ? "" : baseline.Uid ?? baseline.ModelVersion ?? "";

    private static string Describe(RunBaseline? baseline) => baseline?.ModelVersion is { } name ? name : "none";
}
