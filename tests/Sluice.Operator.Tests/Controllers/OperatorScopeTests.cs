using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Core.Api;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>The operator's reach: watched namespaces, the TTL of a finished run's Jobs, and aggregated Events.</summary>
public sealed class OperatorScopeTests
{
    [Fact]
    public async Task With_namespaces_set_only_runs_in_those_namespaces_are_touched()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            await harness.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: deadline.Token);
            await harness.CreatePipelineAsync(Manifests.Chain("chain", 2), ns, deadline.Token);
            await harness.CreateRunAsync(Manifests.Run("chain-1", "chain"), ns, deadline.Token);
        }

        harness.StartOperator(OperatorHarness.DefaultOptions with { Namespaces = ["team-a"] });

        await harness.WaitForPhaseAsync("chain-1", RunPhase.Succeeded, deadline.Token, "team-a");
        await Task.Delay(500, deadline.Token);
        var untouched = await harness.GetRunAsync("chain-1", "team-b", deadline.Token);
        Assert.Null(untouched.Status);
        Assert.Empty(await harness.JobsAsync("chain-1", "team-b", deadline.Token));
    }

    [Fact]
    public async Task A_finished_runs_jobs_are_deleted_after_its_ttl_and_the_run_stays()
    {
        var yaml = Manifests.Chain("short", 2).Replace("spec:\n", "spec:\n  ttlSecondsAfterFinished: 1\n", StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(yaml, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("short-1", "short"), cancellationToken: deadline.Token);
        await harness.WaitForPhaseAsync("short-1", RunPhase.Succeeded, deadline.Token);
        Assert.Equal(2, (await harness.JobsAsync("short-1", cancellationToken: deadline.Token)).Count);

        while ((await harness.JobsAsync("short-1", cancellationToken: deadline.Token)).Count > 0)
        {
            await Task.Delay(100, deadline.Token);
        }

        var run = await harness.GetRunAsync("short-1", cancellationToken: deadline.Token);
        Assert.Equal(RunPhase.Succeeded, run.Status!.Phase);
    }

    [Fact]
    public async Task The_same_event_twice_is_one_event_with_count_two()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        var pipeline = await harness.CreatePipelineAsync(Manifests.Chain("ev", 1), cancellationToken: deadline.Token);
        var recorder = new EventRecorder(harness.Client, "sluice-operator", TimeProvider.System, NullLogger.Instance);

        await recorder.WarningAsync(pipeline, "Invalid", "spec.stages[0].image: image is required", deadline.Token);
        await recorder.WarningAsync(pipeline, "Invalid", "spec.stages[0].image: image is required", deadline.Token);
        await recorder.NormalAsync(pipeline, "RunCreated", "created PipelineRun ev-1", deadline.Token);

        var events = await harness.EventsAsync("ev", cancellationToken: deadline.Token);
        Assert.Equal(2, events.Count);
        var invalid = Assert.Single(events, e => e.Reason == "Invalid");
        Assert.Equal((2, "Warning", "Pipeline", pipeline.Metadata.Uid), (invalid.Count ?? 0, invalid.Type, invalid.InvolvedObject.Kind, invalid.InvolvedObject.Uid));
    }
}
