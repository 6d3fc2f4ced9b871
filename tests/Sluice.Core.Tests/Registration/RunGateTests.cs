using System.Text.Json;
using Sluice.Core.Api;
using Sluice.Core.Gate;
using Sluice.Core.Registration;

namespace Sluice.Core.Tests.Registration;

public sealed class RunGateTests
{
    private static readonly RunBaseline Serving = new() { ModelVersion = "bc-v3", Uid = "u3", Version = "v3", Uri = "s3://b/v3/model" };

    private static ModelRegistration Model(params GateRuleSpec[] rules) => new()
    {
        Name = "bc",
        Artifact = new StageInput { From = "train", Name = "model" },
        Metrics = new StageInput { From = "evaluate", Name = "metrics" },
        Gate = rules.Length == 0 ? null : new ModelGate { Rules = [.. rules] },
    };

    /// <summary>A run whose evaluate stage left <paramref name="json"/> as its results.</summary>
    private static Func<string, StageOutcome?> Results(string json)
    {
        var results = JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        return stage => stage == "evaluate" ? new StageOutcome(new Dictionary<string, string>(), results) : null;
    }

    private static readonly GateRuleSpec AucMustBeat = new() { Metric = "roc_auc", Min = "0.95", MinImprovement = "0.0020" };

    [Fact]
    public void A_refusal_names_the_first_failing_rule_with_both_values()
    {
        var verdict = RunGate.Evaluate(Model(AucMustBeat), Results("""{"roc_auc":0.9712,"baseline":{"roc_auc":0.9730}}"""), Serving, Serving);

        Assert.Equal(GateResult.Refused, verdict.Result);
        Assert.Equal("GateRefused", verdict.Reason);
        Assert.Equal("roc_auc 0.9712 vs serving bc-v3 0.9730: diff -0.0018 < minImprovement 0.0020", verdict.Message);
    }

    [Fact]
    public void A_first_model_is_rubber_stamped_on_its_bounds()
    {
        var verdict = RunGate.Evaluate(Model(AucMustBeat), Results("""{"roc_auc":0.99}"""), null, null);

        Assert.Equal(GateResult.RubberStamped, verdict.Result);
        Assert.Contains("absolute bounds alone", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Another_serving_version_at_registration_refuses_with_BaselineChanged(bool pinned, bool servingNow)
    {
        var other = Serving with { ModelVersion = "bc-v4", Uid = "u4" };
        var verdict = RunGate.Evaluate(Model(AucMustBeat), Results("""{"roc_auc":0.99,"baseline":{"roc_auc":0.98}}"""), pinned ? Serving : null, servingNow ? other : null);

        Assert.Equal((GateResult.Refused, RunGate.BaselineChanged), (verdict.Result, verdict.Reason));
        Assert.Contains($"from {(pinned ? "bc-v3" : "none")} to {(servingNow ? "bc-v4" : "none")}", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metrics_stage_that_ignored_the_baseline_is_told_so()
    {
        var verdict = RunGate.Evaluate(Model(AucMustBeat), Results("""{"roc_auc":0.99}"""), Serving, Serving);

        Assert.Equal(GateEvaluator.MetricNotFound, verdict.Reason);
        Assert.Contains("reported no baseline metrics: it must evaluate SLUICE_BASELINE_MODEL_URI", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_gate_every_run_registers()
    {
        var verdict = RunGate.Evaluate(Model(), _ => null, Serving, null);

        Assert.True(verdict.Passed);
        Assert.Equal(RunGate.NoGate, verdict.Reason);
    }

    [Fact]
    public void Status_shows_every_rule_as_decimal_strings()
    {
        var logLoss = new GateRuleSpec { Metric = "log_loss", Direction = "LowerIsBetter", MaxRegression = "0" };
        var verdict = RunGate.Evaluate(Model(AucMustBeat, logLoss), Results("""{"roc_auc":0.9712,"log_loss":0.1,"baseline":{"roc_auc":0.9730,"log_loss":0.12}}"""), Serving, Serving);

        var status = RunGate.Status(verdict, Serving);

        Assert.Equal(("Refused", "bc-v3"), (status.Result, status.Baseline));
        var auc = status.Rules![0];
        Assert.Equal(("0.9712", "0.9730", "-0.0018", false), (auc.Candidate, auc.Baseline, auc.Diff, auc.Passed));
        Assert.Equal(["minImprovement"], auc.Failed!);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "0.95", ["minImprovement"] = "0.0020" }, auc.Thresholds);
        var loss = status.Rules[1];
        Assert.Equal(("LowerIsBetter", "-0.02", true), (loss.Direction, loss.Diff, loss.Passed));
        Assert.Null(loss.Failed);
    }
}
