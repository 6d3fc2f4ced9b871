using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Testing.ApiServer;
using static Sluice.Operator.Tests.Controllers.ModelGateHarness;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>
/// A passed gate registers exactly one ModelVersion per run: across an operator killed between the gate and the
/// create, a create whose response was lost, a name another model already took, random kills, and history pruning.
/// </summary>
public sealed class ModelGateResilienceTests
{
    [Fact]
    public async Task An_operator_killed_between_the_gate_and_the_create_registers_exactly_one_version()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        await harness.CreatePipelineAsync(Pipeline(), cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"roc_auc":0.97}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);

        using (harness.Server.Faults.Add(new FaultRule("create", "modelversions", 500)))
        {
            harness.StartOperator();
            await harness.WaitForRunAsync("bc-1", r => r.Status?.ModelVersion is not null && Registered(r)?.Status == "Unknown", deadline.Token);
            await WaitUntilAsync(() => harness.Server.Faults.Count("create", "modelversions") > 0, deadline.Token);
            await harness.StopOperatorAsync();
        }

        var pinned = await harness.GetRunAsync("bc-1", cancellationToken: deadline.Token);
        Assert.Equal((RunPhase.Running, "Registering"), (pinned.Status!.Phase, pinned.Status.Conditions!.Single(c => c.Type == "Succeeded").Reason));
        harness.StartOperator();
        var run = await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);

        Assert.Equal(("True", "bc-v1"), (Registered(run)!.Status, run.Status!.ModelVersion));
        Assert.Equal("bc-v1", Assert.Single(await VersionsAsync(harness, deadline.Token)).Metadata.Name);
    }

    [Fact]
    public async Task A_create_whose_response_was_lost_is_found_again_and_counted_once()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        await harness.CreatePipelineAsync(Pipeline(), cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"roc_auc":0.97}""");
        var created = await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);
        using (harness.Server.Faults.Add(new FaultRule("create", "modelversions", 503)))
        {
            harness.StartOperator();
            await harness.WaitForRunAsync("bc-1", r => r.Status?.ModelVersion is not null, deadline.Token);
            await harness.StopOperatorAsync();
        }

        // The create landed but its answer never came back: the version is there, carrying this run's UID.
        await harness.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new ModelVersionResource
        {
            Metadata = new V1ObjectMeta { Name = "bc-v1", Annotations = new Dictionary<string, string> { ["sluice.dev/run-uid"] = created.Metadata.Uid } },
            Spec = new ModelVersionSpec { Model = "bc", Version = "v1", Source = new ModelSource { Uri = "s3://sluice-artifacts/x/train/model" } },
        }, ApiGroup.Group, ApiGroup.Version, "default", ModelVersionResource.Plural, cancellationToken: deadline.Token);
        harness.StartOperator();
        var run = await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);

        Assert.Equal(("True", "bc-v1"), (Registered(run)!.Status, run.Status!.ModelVersion));
        Assert.Single(await VersionsAsync(harness, deadline.Token));
    }

    [Fact]
    public async Task A_name_another_model_holds_moves_the_version_on()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        await harness.Client.CustomObjects.CreateNamespacedCustomObjectAsync(new ModelVersionResource
        {
            Metadata = new V1ObjectMeta { Name = "bc-v1" },
            Spec = new ModelVersionSpec { Model = "bc-legacy", Version = "7", Source = new ModelSource { Uri = "s3://b/legacy.onnx" } },
        }, ApiGroup.Group, ApiGroup.Version, "default", ModelVersionResource.Plural, cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline(), cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"roc_auc":0.97}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);

        var run = await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);

        Assert.Equal("bc-v2", run.Status!.ModelVersion);
        var mine = (await VersionsAsync(harness, deadline.Token)).Single(v => v.Metadata.Name == "bc-v2");
        Assert.Equal(("bc", "v2"), (mine.Spec.Model, mine.Spec.Version));
    }

    [Fact]
    public async Task Random_kills_while_runs_register_leave_one_version_per_run()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        // No gate: runs of one model that overlap would otherwise refuse each other (BaselineChanged), and this is about exactly-once.
        await harness.CreatePipelineAsync(Pipeline(rules: null) + "\n  successfulRunsHistoryLimit: 10", cancellationToken: deadline.Token);
        var runs = Enumerable.Range(1, 4).Select(i => $"bc-{i}").ToList();
        foreach (var run in runs)
        {
            Script(harness, run, """{"roc_auc":0.97}""");
            await harness.CreateRunAsync(Manifests.Run(run, "bc"), cancellationToken: deadline.Token);
        }

        var random = new Random(20261204);
        using (harness.Server.Faults.Add(new FaultRule("update", "pipelineruns/status", 409, 0.2)))
        {
            for (var i = 0; i < 8; i++)
            {
                harness.StartOperator();
                await Task.Delay(random.Next(50, 400), deadline.Token);
                await harness.StopOperatorAsync();
            }
        }

        harness.StartOperator();
        var finished = new List<PipelineRunResource>();
        foreach (var run in runs)
        {
            finished.Add(await WaitForRegistrationAsync(harness, run, deadline.Token));
        }

        var versions = await VersionsAsync(harness, deadline.Token);
        Assert.All(finished, r => Assert.Equal("True", Registered(r)!.Status));
        Assert.Equal(runs.Count, versions.Count);
        Assert.Equal(finished.Select(r => r.Status!.ModelVersion).Order(), versions.Select(v => v.Metadata.Name).Order());
        Assert.Equal(runs.Order(), versions.Select(v => v.Metadata.Labels["sluice.dev/run"]).Order());
    }

    [Fact]
    public async Task Pruning_a_runs_history_leaves_its_model_version_in_place()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Pipeline(rules: null) + "\n  successfulRunsHistoryLimit: 1", cancellationToken: deadline.Token);
        Script(harness, "bc-1", """{"roc_auc":0.97}""");
        await harness.CreateRunAsync(Manifests.Run("bc-1", "bc"), cancellationToken: deadline.Token);
        await WaitForRegistrationAsync(harness, "bc-1", deadline.Token);
        Script(harness, "bc-2", """{"roc_auc":0.97}""");
        await harness.CreateRunAsync(Manifests.Run("bc-2", "bc"), cancellationToken: deadline.Token);
        await WaitForRegistrationAsync(harness, "bc-2", deadline.Token);

        await WaitUntilAsync(async () => (await harness.Client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<PipelineRunResource>>(
            ApiGroup.Group, ApiGroup.Version, "default", PipelineRunResource.Plural, cancellationToken: deadline.Token)).Items.All(r => r.Metadata.Name != "bc-1"), deadline.Token);

        Assert.Equal(["bc-v1", "bc-v2"], (await VersionsAsync(harness, deadline.Token)).Select(v => v.Metadata.Name).Order());
    }

    private static Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => Task.FromResult(condition()), cancellationToken);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        while (!await condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
