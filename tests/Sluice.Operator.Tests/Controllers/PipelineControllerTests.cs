using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Resources;

namespace Sluice.Operator.Tests.Controllers;

public sealed class PipelineControllerTests
{
    [Fact]
    public async Task An_invalid_pipeline_is_not_ready_lists_every_error_and_starts_no_run()
    {
        const string invalid = """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: broken}
            spec:
              runPolicy: {runOnSpecChange: true}
              stages:
                - {name: a, image: busybox, dependsOn: [c]}
                - {name: b, image: busybox, dependsOn: [a]}
                - {name: c, image: busybox, dependsOn: [b]}
                - {name: d, image: busybox, dependsOn: [nope]}
            """;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(invalid, cancellationToken: deadline.Token);

        var pipeline = await WaitForPipelineAsync(harness, "broken", p => p.Status?.Conditions is not null, deadline.Token);

        var ready = Assert.Single(pipeline.Status!.Conditions!, c => c.Type == "Ready");
        Assert.Equal(("False", "Invalid"), (ready.Status, ready.Reason!));
        Assert.Contains("cycle", ready.Message, StringComparison.Ordinal);
        Assert.Contains("nope", ready.Message, StringComparison.Ordinal);
        Assert.Equal(1, pipeline.Status.ObservedGeneration);
        Assert.Empty(await ListRunsAsync(harness, deadline.Token));
        await harness.WaitForEventAsync("broken", e => e.Reason == "Invalid", deadline.Token);
    }

    [Fact]
    public async Task A_spec_change_starts_one_owned_run_per_spec_even_across_restarts()
    {
        var yaml = Manifests.Chain("retrain", 2).Replace("spec:\n", "spec:\n  runPolicy: {runOnSpecChange: true}\n  successfulRunsHistoryLimit: 5\n", StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        var created = await harness.CreatePipelineAsync(yaml, cancellationToken: deadline.Token);

        var first = await WaitForRunsAsync(harness, 1, deadline.Token);
        var run = first[0];
        Assert.Equal(TriggerType.SpecChange, run.Spec.Trigger!.Type);
        var owner = Assert.Single(run.Metadata.OwnerReferences);
        Assert.Equal((created.Metadata.Uid, true), (owner.Uid, owner.Controller == true));
        Assert.Equal("Prune=false", run.Metadata.Annotations["argocd.argoproj.io/sync-options"]);
        await harness.WaitForPhaseAsync(run.Metadata.Name, RunPhase.Succeeded, deadline.Token);

        await harness.StopOperatorAsync();
        harness.StartOperator();
        await Task.Delay(1000, deadline.Token);
        Assert.Single(await ListRunsAsync(harness, deadline.Token));

        await harness.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"stages":[{"name":"s1","image":"busybox:1.37"},{"name":"s2","image":"busybox","dependsOn":["s1"]}]}}""", V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, "default", "pipelines", "retrain", cancellationToken: deadline.Token);
        var second = await WaitForRunsAsync(harness, 2, deadline.Token);
        Assert.Equal(2, second.Select(r => r.Metadata.Name).Distinct().Count());
        var pipeline = await WaitForPipelineAsync(harness, "retrain", p => p.Status?.LastRun?.Name is { } last && last != run.Metadata.Name, deadline.Token);
        Assert.Equal(2, pipeline.Status!.ObservedGeneration);
    }

    [Fact]
    public async Task Finished_runs_beyond_the_history_limits_are_deleted_oldest_first()
    {
        var yaml = Manifests.Chain("hist", 1).Replace("spec:\n", "spec:\n  successfulRunsHistoryLimit: 2\n", StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(yaml, cancellationToken: deadline.Token);
        foreach (var name in new[] { "hist-a", "hist-b", "hist-c" })
        {
            await harness.CreateRunAsync(Manifests.Run(name, "hist"), cancellationToken: deadline.Token);
            await harness.WaitForPhaseAsync(name, RunPhase.Succeeded, deadline.Token);
            await Task.Delay(1100, deadline.Token); // completion times are kept to the second
        }

        while ((await ListRunsAsync(harness, deadline.Token)).Count > 2)
        {
            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal(["hist-b", "hist-c"], (await ListRunsAsync(harness, deadline.Token)).Select(r => r.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task After_downtime_the_schedule_starts_only_the_latest_missed_run_and_only_once()
    {
        var yaml = Manifests.Chain("nightly", 1).Replace("spec:\n", "spec:\n  schedule: {cron: \"0 * * * *\", timezone: Europe/Paris}\n", StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        await harness.CreatePipelineAsync(yaml, cancellationToken: deadline.Token);
        var later = new ShiftedTimeProvider(TimeSpan.FromHours(5));
        harness.StartOperator(time: later);

        var runs = await WaitForRunsAsync(harness, 1, deadline.Token);
        await Task.Delay(1000, deadline.Token);
        await harness.StopOperatorAsync();
        harness.StartOperator(time: later);
        await Task.Delay(1500, deadline.Token);

        var run = Assert.Single(await ListRunsAsync(harness, deadline.Token));
        Assert.Equal(runs[0].Metadata.Name, run.Metadata.Name);
        Assert.Equal(TriggerType.Schedule, run.Spec.Trigger!.Type);
        // The latest missed time: a whole hour within the last hour of the operator's clock, not one of the four before.
        var scheduled = DateTimeOffset.Parse(run.Spec.Trigger.Source!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((0, 0), (scheduled.Minute, scheduled.Second));
        Assert.InRange(later.GetUtcNow() - scheduled, TimeSpan.Zero, TimeSpan.FromHours(1));
        var pipeline = await harness.GetPipelineAsync("nightly", cancellationToken: deadline.Token);
        Assert.Equal(scheduled, pipeline.Status!.LastScheduleTime);
        await harness.WaitForEventAsync("nightly", e => e.Reason == "MissedSchedule", deadline.Token);
    }

    [Fact]
    public async Task With_concurrency_policy_Replace_a_due_run_cancels_the_active_one()
    {
        var yaml = Manifests.Chain("hourly", 1).Replace("spec:\n", "spec:\n  schedule: {cron: \"0 * * * *\", concurrencyPolicy: Replace}\n", StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "hourly-manual-s1-1", Testing.ApiServer.JobBehavior.SucceedAfter(TimeSpan.FromMinutes(5)));
        await harness.CreatePipelineAsync(yaml, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("hourly-manual", "hourly"), cancellationToken: deadline.Token);
        harness.StartOperator(time: new ShiftedTimeProvider(TimeSpan.FromHours(2)));

        var cancelled = await harness.WaitForPhaseAsync("hourly-manual", RunPhase.Cancelled, deadline.Token);
        var runs = await WaitForRunsAsync(harness, 2, deadline.Token);

        Assert.True(cancelled.Spec.Cancel);
        var scheduled = Assert.Single(runs, r => r.Spec.Trigger?.Type == TriggerType.Schedule);
        await harness.WaitForPhaseAsync(scheduled.Metadata.Name, RunPhase.Succeeded, deadline.Token);
    }

    private static async Task<IReadOnlyList<PipelineRunResource>> ListRunsAsync(OperatorHarness harness, CancellationToken cancellationToken) =>
        [.. (await harness.Client.CustomObjects.ListNamespacedCustomObjectAsync<CustomResourceList<PipelineRunResource>>(
            ApiGroup.Group, ApiGroup.Version, "default", "pipelineruns", cancellationToken: cancellationToken)).Items];

    private static async Task<IReadOnlyList<PipelineRunResource>> WaitForRunsAsync(OperatorHarness harness, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var runs = await ListRunsAsync(harness, cancellationToken);
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task<PipelineResource> WaitForPipelineAsync(
        OperatorHarness harness, string name, Func<PipelineResource, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pipeline = await harness.GetPipelineAsync(name, cancellationToken: cancellationToken);
            if (done(pipeline))
            {
                return pipeline;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
