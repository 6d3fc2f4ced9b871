using Sluice.Core.Api;
using Sluice.Testing.ApiServer;
using static Sluice.Operator.Tests.Controllers.ModelGateHarness;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>
/// Run, gate, ModelVersion under the operator: a first model is rubber stamped, a model that does not beat the
/// serving one is refused with both values, a better one is registered with the serving one as previousVersion.
/// </summary>
public sealed class ModelGateTests
{
    [Fact]
    public async Task A_first_model_registers_then_an_equal_one_is_refused_and_a_better_one_registers_after_it()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline(), cancellationToken: deadline.Token);

        Script(harness, "bc-1", """{"roc_auc":0.9871,"rows":114}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);
        var first = await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);

        Assert.Equal((RunPhase.Succeeded, "True", "Registered"), (first.Status!.Phase, Registered(first)!.Status, Registered(first)!.Reason));
        Assert.Equal(("RubberStamped", "bc-v1"), (first.Status.Gate!.Result, first.Status.ModelVersion));
        Assert.Null(first.Status.Baseline);
        var v1 = Assert.Single(await VersionsAsync(harness, deadline.Token));
        Assert.Equal(("bc-v1", "bc", "v1"), (v1.Metadata.Name, v1.Spec.Model, v1.Spec.Version));
        Assert.Equal(($"{first.Status.ArtifactsUri}/train/model", ModelSha), (v1.Spec.Source.Uri, v1.Spec.Source.Sha256));
        Assert.Equal("0.9871", v1.Spec.Metrics!["roc_auc"]);
        Assert.Equal(2, v1.Spec.Serving!.Replicas);
        Assert.Null(v1.Metadata.OwnerReferences);
        var train = (await harness.JobsAsync("bc-1", cancellationToken: deadline.Token)).Single(j => j.Metadata.Name == "bc-1-train-1");
        Assert.Contains(train.Spec.Template.Spec.Containers[0].Env, e => e is { Name: "SLUICE_BASELINE_MODEL_URI", Value: "" });
        await harness.WaitForEventAsync("bc-1", e => e.Reason == "ModelVersionRegistered" && e.Message.Contains("bc-v1", StringComparison.Ordinal), deadline.Token);

        await PromoteAsync(harness, "bc-v1", deadline.Token);
        Script(harness, "bc-2", """{"roc_auc":0.9871,"baseline":{"roc_auc":0.9871}}""");
        await harness.CreateRunAsync(Manifests.Run("bc-2", "bc"), cancellationToken: deadline.Token);
        var second = await WaitForRegistrationAsync(harness, "bc-2", deadline.Token);

        Assert.Equal((RunPhase.Succeeded, "False", "GateRefused"), (second.Status!.Phase, Registered(second)!.Status, Registered(second)!.Reason));
        Assert.Equal("roc_auc 0.9871 vs serving bc-v1 0.9871: diff 0.0000 < minImprovement 0.002", Registered(second)!.Message);
        Assert.Equal(("bc-v1", v1.Spec.Source.Uri), (second.Status.Baseline!.ModelVersion, second.Status.Baseline.Uri));
        Assert.Equal(("Refused", "0.0000", false), (second.Status.Gate!.Result, second.Status.Gate.Rules![0].Diff, second.Status.Gate.Rules[0].Passed));
        Assert.Null(second.Status.ModelVersion);
        Assert.Contains("the model was not registered (GateRefused", second.Status.Conditions!.Single(c => c.Type == "Succeeded").Message, StringComparison.Ordinal);
        var evaluate = (await harness.JobsAsync("bc-2", cancellationToken: deadline.Token)).Single(j => j.Metadata.Name == "bc-2-evaluate-1");
        Assert.Contains(evaluate.Spec.Template.Spec.Containers[0].Env, e => e.Name == "SLUICE_BASELINE_MODEL_URI" && e.Value == v1.Spec.Source.Uri);
        await harness.WaitForEventAsync("bc-2", e => e is { Type: "Warning", Reason: "GateRefused" }, deadline.Token);
        Assert.Single(await VersionsAsync(harness, deadline.Token));

        Script(harness, "bc-3", """{"roc_auc":0.9931,"baseline":{"roc_auc":0.9871}}""");
        await harness.CreateRunAsync(Manifests.Run("bc-3", "bc"), cancellationToken: deadline.Token);
        var third = await WaitForRegistrationAsync(harness, "bc-3", deadline.Token);

        Assert.Equal(("Blessed", "bc-v2"), (third.Status!.Gate!.Result, third.Status.ModelVersion));
        var v2 = (await VersionsAsync(harness, deadline.Token)).Single(v => v.Metadata.Name == "bc-v2");
        Assert.Equal(("bc-3", "bc-v1"), (v2.Spec.Lineage!.PipelineRun, v2.Spec.Lineage.PreviousVersion));
        await harness.WaitForEventAsync("bc-3", e => e.Reason == "GatePassed" && e.Message.Contains("against serving bc-v1", StringComparison.Ordinal), deadline.Token);
    }

    public static TheoryData<string, string, string, string> Refusals => new()
    {
        { """- {metric: f1, min: "0.9"}""", """{"roc_auc":0.99}""", "MetricNotFound", "metric f1 not found in the candidate's metrics (it has roc_auc)" },
        { """- {metric: log_loss, direction: LowerIsBetter, max: "0.2"}""", """{"log_loss":0.2001}""", "GateRefused", "log_loss 0.2001 > max 0.2" },
        { """- {metric: roc_auc, min: "0.9"}""" + "\n" + """- {metric: log_loss, direction: LowerIsBetter, max: "0.3"}""", """{"roc_auc":0.89,"log_loss":0.4}""", "GateRefused", "roc_auc 0.89 < min 0.9 (and 1 more rule failed)" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_first_model_is_still_held_to_its_bounds_and_to_its_metrics_being_there(string rules, string results, string reason, string message)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline(rules), cancellationToken: deadline.Token);
        Script(harness, "bc-1", results);
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);

        var run = await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);

        Assert.Equal((RunPhase.Succeeded, "False", reason, message), (run.Status!.Phase, Registered(run)!.Status, Registered(run)!.Reason, Registered(run)!.Message));
        Assert.Empty(await VersionsAsync(harness, deadline.Token));
    }

    [Fact]
    public async Task Relative_rules_against_a_zero_baseline_and_lower_is_better_regressions_are_judged_against_the_serving_version()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline("""
            - {metric: error_rate, direction: LowerIsBetter, maxRelativeRegression: "0"}
            - {metric: log_loss, direction: LowerIsBetter, maxRegression: "0.01"}
            """), cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"error_rate":0,"log_loss":0.1}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);
        await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);
        await PromoteAsync(harness, "bc-v1", deadline.Token);

        Script(harness, "bc-2", """{"error_rate":0,"log_loss":0.125,"baseline":{"error_rate":0,"log_loss":0.1}}""");
        await harness.CreateRunAsync(Manifests.Run("bc-2", "bc"), cancellationToken: deadline.Token);
        var run = await WaitForRegistrationAsync(harness, "bc-2", deadline.Token);

        Assert.Equal("UndefinedRelativeChange", Registered(run)!.Reason);
        Assert.StartsWith("error_rate 0 vs serving bc-v1 0: a change relative to 0 is undefined", Registered(run)!.Message, StringComparison.Ordinal);
        var loss = run.Status!.Gate!.Rules!.Single(r => r.Metric == "log_loss");
        Assert.Equal(("0.125", "0.1", "0.025", false), (loss.Candidate, loss.Baseline, loss.Diff, loss.Passed));
        Assert.Equal(["maxRegression"], loss.Failed!);
    }

    [Fact]
    public async Task A_serving_version_that_changed_during_the_run_refuses_with_BaselineChanged()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        // The ModelVersion controller serves the versions: bc-v1 goes straight to Stable, bc-v2's canary waits
        // for a person at its first step, so which version serves is the test's to decide.
        await harness.CreatePipelineAsync(Pipeline(rollout: "{steps: [{setWeight: 50}, {pause: {}}]}"), cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"roc_auc":0.97}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);
        await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);
        await harness.WaitForVersionAsync("bc-v1", v => v.Status?.Role == ModelRole.Stable, deadline.Token);
        Script(harness, "bc-2", """{"roc_auc":0.98,"baseline":{"roc_auc":0.97}}""");
        await harness.CreateRunAsync(Manifests.Run("bc-2", "bc"), cancellationToken: deadline.Token);
        await WaitForRegistrationAsync(harness, "bc-2", deadline.Token);
        await harness.WaitForVersionAsync("bc-v2", v => v.Status?.Role == ModelRole.Canary, deadline.Token);

        // bc-3 starts against bc-v1; its evaluation runs until bc-v2 has been promoted by hand.
        var promoted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Script(harness, "bc-3", """{"roc_auc":0.99,"baseline":{"roc_auc":0.97}}""", evaluateUntil: promoted.Task);
        await harness.CreateRunAsync(Manifests.Run("bc-3", "bc"), cancellationToken: deadline.Token);
        var started = await harness.WaitForRunAsync("bc-3", r => r.Status?.Baseline is not null, deadline.Token);
        Assert.Equal("bc-v1", started.Status!.Baseline!.ModelVersion);
        await ActAsync(harness, "bc-v2", "promote", deadline.Token);
        await harness.WaitForVersionAsync("bc-v2", v => v.Status?.Role == ModelRole.Stable, deadline.Token);
        promoted.SetResult();
        var run = await WaitForRegistrationAsync(harness, "bc-3", deadline.Token);

        Assert.Equal(("False", "BaselineChanged"), (Registered(run)!.Status, Registered(run)!.Reason));
        Assert.Contains("from bc-v1 to bc-v2", Registered(run)!.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await VersionsAsync(harness, deadline.Token)).Count);
    }

    [Fact]
    public async Task A_result_over_4_KB_fails_its_stage_and_registers_nothing()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline(), cancellationToken: deadline.Token);
        Script(harness, "bc-1", $$"""{"roc_auc":0.99,"notes":"{{new string('x', 4100)}}"}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);

        var run = await harness.WaitForPhaseAsync("bc-1", RunPhase.Failed, deadline.Token);

        var evaluate = run.Status!.Stages!.Single(s => s.Name == "evaluate");
        Assert.Equal("InvalidResults", evaluate.Reason);
        Assert.Contains("more than the 4096 a termination message holds", evaluate.Message, StringComparison.Ordinal);
        Assert.Null(Registered(run));
        Assert.Empty(await VersionsAsync(harness, deadline.Token));
    }
}
