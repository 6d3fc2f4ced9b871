using System.Globalization;
using Sluice.Core.Gate;

namespace Sluice.Core.Tests.Gate;

public sealed class GateEvaluatorTests
{
    private static decimal? D(string? text) => text is null ? null : decimal.Parse(text, CultureInfo.InvariantCulture);

    private static Dictionary<string, decimal> Metrics(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => decimal.Parse(v.Value, CultureInfo.InvariantCulture));

    [Theory]
    // candidate, baseline, min, max, minImprovement, minRelativeImprovement -> passed, failed thresholds
    [InlineData("0.95", null, "0.95", null, null, null, true, "")]                     // bounds are inclusive
    [InlineData("0.9499", null, "0.95", null, null, null, false, "min")]
    [InlineData("0.97", null, "0.95", "0.97", null, null, true, "")]
    [InlineData("0.9701", null, null, "0.97", null, null, false, "max")]
    [InlineData("0.9730", "0.9730", null, null, "0", null, true, "")]                  // a tie is "not worse"
    [InlineData("0.9729", "0.9730", null, null, "0", null, false, "minImprovement")]
    [InlineData("0.9750", "0.9730", null, null, "0.002", null, true, "")]              // exactly the improvement asked
    [InlineData("0.9749", "0.9730", null, null, "0.002", null, false, "minImprovement")]
    [InlineData("0.9712", "0.9730", null, null, "-0.002", null, true, "")]             // may be that much worse
    [InlineData("0.88", "0.80", null, null, null, "0.1", true, "")]                    // ratio 0.08/0.80 = 0.1
    [InlineData("0.879", "0.80", null, null, null, "0.1", false, "minRelativeImprovement")]
    [InlineData("0.90", "0.97", "0.95", null, "0", null, false, "min,minImprovement")]
    public void Higher_is_better_rules_follow_TFMAs_inclusive_comparisons(string candidate, string? baseline, string? min, string? max,
        string? minImprovement, string? minRelative, bool passed, string failed)
    {
        var rule = new GateRule("auc", MetricDirection.HigherIsBetter, D(min), D(max), D(minImprovement), D(minRelative));
        var verdict = GateEvaluator.Evaluate([rule], Metrics(("auc", candidate)), baseline is null ? null : new GateBaseline("m-v1", Metrics(("auc", baseline))));

        var outcome = Assert.Single(verdict.Rules);
        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(failed, string.Join(',', outcome.Failed));
        Assert.Equal(passed, verdict.Passed);
    }

    [Theory]
    // log loss: lower is better. candidate, baseline, max, maxRegression, maxRelativeRegression -> passed, failed
    [InlineData("0.30", "0.32", "0.35", "0", null, true, "")]
    [InlineData("0.33", "0.32", "0.35", "0", null, false, "maxRegression")]
    [InlineData("0.33", "0.32", "0.35", "0.01", null, true, "")]                       // may be 0.01 worse, inclusive
    [InlineData("0.31", "0.32", "0.35", "-0.01", null, true, "")]                      // must be 0.01 better
    [InlineData("0.315", "0.32", "0.35", "-0.01", null, false, "maxRegression")]
    [InlineData("0.36", "0.40", "0.35", null, null, false, "max")]
    [InlineData("0.36", "0.40", null, null, "-0.1", true, "")]                         // ratio -0.04/0.40 = -0.1
    [InlineData("0.361", "0.40", null, null, "-0.1", false, "maxRelativeRegression")]
    public void Lower_is_better_rules_mirror_them(string candidate, string baseline, string? max, string? maxRegression, string? maxRelative, bool passed, string failed)
    {
        var rule = new GateRule("log_loss", MetricDirection.LowerIsBetter, Max: D(max), MaxRegression: D(maxRegression), MaxRelativeRegression: D(maxRelative));
        var outcome = Assert.Single(GateEvaluator.Evaluate([rule], Metrics(("log_loss", candidate)), new GateBaseline("m-v1", Metrics(("log_loss", baseline)))).Rules);

        Assert.Equal(passed, outcome.Passed);
        Assert.Equal(failed, string.Join(',', outcome.Failed));
    }

    [Fact]
    public void A_refusal_names_the_first_failing_rule_with_both_values()
    {
        var rules = new[]
        {
            new GateRule("roc_auc", MetricDirection.HigherIsBetter, Min: 0.95m, MinImprovement: 0.0020m),
            new GateRule("log_loss", MetricDirection.LowerIsBetter, MaxRegression: 0m),
        };
        var verdict = GateEvaluator.Evaluate(rules, Metrics(("roc_auc", "0.9712"), ("log_loss", "0.2")),
            new GateBaseline("breast-cancer-v3", Metrics(("roc_auc", "0.9730"), ("log_loss", "0.1"))));

        Assert.Equal(GateResult.Refused, verdict.Result);
        Assert.Equal("GateRefused", verdict.Reason);
        Assert.Equal("roc_auc 0.9712 vs serving breast-cancer-v3 0.9730: diff -0.0018 < minImprovement 0.0020 (and 1 more rule failed)", verdict.Message);
        Assert.Equal((0.9712m, 0.9730m, -0.0018m), (verdict.Rules[0].Candidate!.Value, verdict.Rules[0].Baseline!.Value, verdict.Rules[0].Diff!.Value));
        Assert.Equal("log_loss 0.2 vs serving breast-cancer-v3 0.1: diff +0.1 > maxRegression 0", verdict.Rules[1].Message);
    }

    [Fact]
    public void With_no_serving_model_only_the_bounds_count_and_the_result_says_so()
    {
        var rules = new[] { new GateRule("roc_auc", MetricDirection.HigherIsBetter, Min: 0.95m, MinImprovement: 0.002m) };

        var stamped = GateEvaluator.Evaluate(rules, Metrics(("roc_auc", "0.96")), null);
        var refused = GateEvaluator.Evaluate(rules, Metrics(("roc_auc", "0.94")), null);

        Assert.Equal(GateResult.RubberStamped, stamped.Result);
        Assert.Equal("no serving model to compare with: accepted on its absolute bounds alone (1 rule passed; its change thresholds were skipped)", stamped.Message);
        Assert.Null(stamped.Rules[0].Baseline);
        Assert.Equal(("GateRefused", "roc_auc 0.94 < min 0.95"), (refused.Reason, refused.Message));
    }

    [Fact]
    public void A_metric_missing_on_either_side_refuses_naming_it()
    {
        var rules = new[] { new GateRule("f1", MetricDirection.HigherIsBetter, MinImprovement: 0m) };

        var candidate = GateEvaluator.Evaluate(rules, Metrics(("roc_auc", "0.97")), new GateBaseline("m-v2", Metrics(("f1", "0.9"))));
        var serving = GateEvaluator.Evaluate(rules, Metrics(("f1", "0.91")), new GateBaseline("m-v2", Metrics(("roc_auc", "0.97"))));

        Assert.Equal(("MetricNotFound", "metric f1 not found in the candidate's metrics (it has roc_auc)"), (candidate.Reason, candidate.Message));
        Assert.Equal(("MetricNotFound", "metric f1 not found in serving m-v2's metrics (it has roc_auc)"), (serving.Reason, serving.Message));
    }

    [Fact]
    public void A_relative_rule_against_a_zero_baseline_refuses_as_undefined()
    {
        var rules = new[] { new GateRule("recall_at_k", MetricDirection.HigherIsBetter, MinRelativeImprovement: 0.01m) };

        var verdict = GateEvaluator.Evaluate(rules, Metrics(("recall_at_k", "0.2")), new GateBaseline("m-v1", Metrics(("recall_at_k", "0"))));

        Assert.Equal(GateResult.Refused, verdict.Result);
        Assert.Equal("UndefinedRelativeChange", verdict.Reason);
        Assert.StartsWith("recall_at_k 0.2 vs serving m-v1 0: a change relative to 0 is undefined (minRelativeImprovement 0.01)", verdict.Message);
    }

    [Fact]
    public void Passing_against_a_baseline_is_blessed_with_the_ratio_kept_to_six_places()
    {
        var verdict = GateEvaluator.Evaluate([new GateRule("auc", MetricDirection.HigherIsBetter, MinRelativeImprovement: 0m)],
            Metrics(("auc", "0.91")), new GateBaseline("m-v1", Metrics(("auc", "0.9"))));

        Assert.Equal((GateResult.Blessed, "GatePassed", "1 rule passed against serving m-v1"), (verdict.Result, verdict.Reason, verdict.Message));
        Assert.Equal(0.011111m, verdict.Rules[0].Ratio);
    }

    [Theory]
    [InlineData(MetricDirection.HigherIsBetter, "0.9", "0.8", null, null, "max", "min 0.9 is above max 0.8")]
    [InlineData(MetricDirection.HigherIsBetter, null, null, null, "0.1", "maxRegression", "maxRegression and maxRelativeRegression are for LowerIsBetter")]
    [InlineData(MetricDirection.LowerIsBetter, null, null, "0.1", null, "minImprovement", "minImprovement and minRelativeImprovement are for HigherIsBetter")]
    public void Rules_that_cannot_work_are_named_by_their_path(MetricDirection direction, string? min, string? max, string? minImprovement, string? maxRegression, string field, string problem)
    {
        var rule = new GateRule("auc", direction, D(min), D(max), D(minImprovement), MaxRegression: D(maxRegression));

        var problems = rule.Problems("spec.model.gate.rules[0]");

        var (path, message) = Assert.Single(problems);
        Assert.Equal("spec.model.gate.rules[0]." + field, path);
        Assert.StartsWith(problem, message, StringComparison.Ordinal);
    }
}
