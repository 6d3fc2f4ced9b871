using Sluice.Core.Api;
using Sluice.Core.Gate;

namespace Sluice.Core.Tests.Gate;

public sealed class GateRulesTests
{
    private static ModelGate Gate(params GateRuleSpec[] rules) => new() { Rules = [.. rules] };

    [Fact]
    public void Decimal_strings_become_exact_rules()
    {
        var rules = GateRules.From(Gate(
            new GateRuleSpec { Metric = "roc_auc", Min = "0.95", MinImprovement = "0.002" },
            new GateRuleSpec { Metric = "log_loss", Direction = "LowerIsBetter", Max = "0.3", MaxRegression = "-0.001", MaxRelativeRegression = "0.1" }));

        Assert.Equal(new GateRule("roc_auc", MetricDirection.HigherIsBetter, 0.95m, MinImprovement: 0.002m), rules[0]);
        Assert.Equal(new GateRule("log_loss", MetricDirection.LowerIsBetter, Max: 0.3m, MaxRegression: -0.001m, MaxRelativeRegression: 0.1m), rules[1]);
    }

    [Theory]
    [InlineData("", null, "0.9", null, "spec.model.gate.rules[0].metric", "required")]
    [InlineData("auc", "Sideways", "0.9", null, "spec.model.gate.rules[0].direction", "\"Sideways\" is not HigherIsBetter or LowerIsBetter")]
    [InlineData("auc", null, "0,9", null, "spec.model.gate.rules[0].min", "\"0,9\" is not a decimal number")]
    [InlineData("auc", null, "1e-3", null, "spec.model.gate.rules[0].min", "\"1e-3\" is not a decimal number")]
    [InlineData("auc", null, null, null, "spec.model.gate.rules[0]", "checks nothing")]
    [InlineData("auc", "LowerIsBetter", null, "0.1", "spec.model.gate.rules[0].minImprovement", "for HigherIsBetter metrics")]
    public void Each_problem_names_its_field(string metric, string? direction, string? min, string? minImprovement, string path, string message)
    {
        var problems = GateRules.Problems(Gate(new GateRuleSpec { Metric = metric, Direction = direction, Min = min, MinImprovement = minImprovement }), "spec.model.gate");

        var (problemPath, problemMessage) = Assert.Single(problems);
        Assert.Equal(path, problemPath);
        Assert.Contains(message, problemMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gate_without_rules_and_a_metric_ruled_twice_are_refused()
    {
        Assert.Equal("spec.model.gate.rules", Assert.Single(GateRules.Problems(Gate(), "spec.model.gate")).Path);
        var twice = GateRules.Problems(Gate(new GateRuleSpec { Metric = "auc", Min = "0.9" }, new GateRuleSpec { Metric = "auc", MinImprovement = "0" }), "spec.model.gate");
        Assert.Equal("spec.model.gate.rules[1].metric", Assert.Single(twice).Path);
    }
}
