using k8s;
using Sluice.Core.Api;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>How failures reach a data scientist: the stage, the Succeeded condition and an Event name the real cause.</summary>
public sealed class PipelineRunFailureTests
{
    private const string Train = """
        apiVersion: sluice.dev/v1alpha1
        kind: Pipeline
        metadata: {name: train}
        spec:
          stages:
            - {name: prep, image: busybox}
            - {name: fit, image: busybox, dependsOn: [prep], timeout: 5s}
            - {name: eval, image: busybox, dependsOn: [fit]}
            - {name: report, image: busybox, dependsOn: [prep]}
        """;

    public static TheoryData<JobOutcome, int, string?, string, string> Causes => new()
    {
        { JobOutcome.Fail, 3, "loss is NaN at epoch 4", "Error", "exited with code 3: loss is NaN at epoch 4" },
        { JobOutcome.OOMKilled, 137, null, "OOMKilled", "ran out of memory" },
        { JobOutcome.ImagePullBackOff, 0, "Back-off pulling image \"busybox\"", "ImagePullBackOff", "cannot pull image" },
        { JobOutcome.Unschedulable, 0, "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", "Unschedulable", "3 Insufficient nvidia.com/gpu" },
    };

    [Theory]
    [MemberData(nameof(Causes))]
    public async Task A_failed_stage_names_its_real_cause_and_skips_only_its_downstream(
        JobOutcome outcome, int exitCode, string? message, string reason, string expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "train-1-fit-1", new JobBehavior(outcome, TimeSpan.FromMilliseconds(100), exitCode, message));
        harness.StartOperator();
        await harness.CreatePipelineAsync(Train, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("train-1", "train"), cancellationToken: deadline.Token);

        var run = await harness.WaitForPhaseAsync("train-1", RunPhase.Failed, deadline.Token);

        var stages = run.Status!.Stages!.ToDictionary(s => s.Name);
        Assert.Equal(StagePhase.Failed, stages["fit"].Phase);
        Assert.Equal(reason, stages["fit"].Reason);
        Assert.Contains(expected, stages["fit"].Message, StringComparison.Ordinal);
        Assert.Equal(StagePhase.Skipped, stages["eval"].Phase);
        Assert.Equal("UpstreamFailed", stages["eval"].Reason);
        Assert.Equal(StagePhase.Succeeded, stages["report"].Phase);
        Assert.Equal("4/4", run.Status.Progress);
        var condition = Assert.Single(run.Status.Conditions!, c => c.Type == "Succeeded");
        Assert.Equal(("False", reason), (condition.Status, condition.Reason));
        Assert.Contains("stage fit failed", condition.Message, StringComparison.Ordinal);
        Assert.Contains(expected, condition.Message, StringComparison.Ordinal);
        await harness.WaitForEventAsync("train-1", e => e.Type == "Warning" && e.Reason == "StageFailed" && e.Message.Contains(expected, StringComparison.Ordinal), deadline.Token);
        await harness.WaitForEventAsync("train-1", e => e.Type == "Warning" && e.Reason == "Failed", deadline.Token);
    }

    [Fact]
    public async Task A_blocked_stage_shows_its_cause_while_it_waits()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "wait-1-s1-1", new JobBehavior(JobOutcome.ImagePullBackOff, TimeSpan.Zero, Message: "Back-off pulling image \"busybox\""));
        harness.StartOperator();
        await harness.CreatePipelineAsync(Manifests.Chain("wait", 2, ", timeout: 5m"), cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("wait-1", "wait"), cancellationToken: deadline.Token);

        var run = await harness.WaitForRunAsync("wait-1", r => r.Status?.Conditions?.Any(c => c.Reason == "ImagePullBackOff") == true, deadline.Token);

        Assert.Equal(RunPhase.Running, run.Status!.Phase);
        var condition = Assert.Single(run.Status.Conditions!, c => c.Type == "Succeeded");
        Assert.Equal("Unknown", condition.Status);
        Assert.Contains("stage s1: cannot pull image busybox", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_stage_fails_with_DeadlineExceeded()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "train-1-fit-1", JobBehavior.SucceedAfter(TimeSpan.FromSeconds(30)));
        harness.StartOperator();
        await harness.CreatePipelineAsync(Train, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("train-1", "train"), cancellationToken: deadline.Token);

        var run = await harness.WaitForPhaseAsync("train-1", RunPhase.Failed, deadline.Token);

        var fit = run.Status!.Stages!.Single(s => s.Name == "fit");
        Assert.Equal("DeadlineExceeded", fit.Reason);
        Assert.Contains("longer than its timeout (5 s)", fit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_stage_is_retried_as_new_jobs_with_backoff_until_it_succeeds()
    {
        const string pipeline = """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: flaky}
            spec:
              stages:
                - name: fit
                  image: busybox
                  retryStrategy: {limit: 2, backoff: {duration: 2s, factor: 2}}
            """;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "flaky-1-fit-1", new JobBehavior(JobOutcome.Fail, TimeSpan.FromMilliseconds(50), 1, "connection reset"));
        harness.Server.ScriptJob("default", "flaky-1-fit-2", new JobBehavior(JobOutcome.Fail, TimeSpan.FromMilliseconds(50), 1, "connection reset"));
        harness.StartOperator();
        await harness.CreatePipelineAsync(pipeline, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("flaky-1", "flaky"), cancellationToken: deadline.Token);

        var backingOff = await harness.WaitForRunAsync("flaky-1", r => r.Status?.Stages?[0].Reason == "RetryBackoff", deadline.Token);
        Assert.Matches(@"^attempt [12] failed \(Error: container stage exited with code 1: connection reset\); attempt [23] of 3 starts at ", backingOff.Status!.Stages![0].Message);
        var run = await harness.WaitForPhaseAsync("flaky-1", RunPhase.Succeeded, deadline.Token);

        Assert.Equal(3, run.Status!.Stages![0].Attempt);
        Assert.Equal("flaky-1-fit-3", run.Status.Stages[0].JobName);
        var jobs = await harness.JobsAsync("flaky-1", cancellationToken: deadline.Token);
        Assert.Equal(["flaky-1-fit-1", "flaky-1-fit-2", "flaky-1-fit-3"], jobs.Select(j => j.Metadata.Name).Order(StringComparer.Ordinal));
        var started = jobs.OrderBy(j => j.Metadata.Name, StringComparer.Ordinal).Select(j => j.Metadata.CreationTimestamp!.Value).ToList();
        // Kubernetes times have whole seconds, and the backoff counts from the failure's recorded time: 2 s and
        // then 4 s of backoff leave gaps of at least 1 s and 3 s between the creation times.
        Assert.True(started[1] - started[0] >= TimeSpan.FromSeconds(1), $"attempt 2 started {started[1] - started[0]} after attempt 1");
        Assert.True(started[2] - started[1] >= TimeSpan.FromSeconds(3), $"attempt 3 started {started[2] - started[1]} after attempt 2");
        Assert.All(jobs, j => Assert.Equal(j.Metadata.Name[^1..], j.Metadata.Labels["sluice.dev/attempt"]));
    }

    [Fact]
    public async Task Cancelling_stops_running_jobs_and_ends_the_run_Cancelled()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.Server.ScriptJob("default", "long-1-s1-1", JobBehavior.SucceedAfter(TimeSpan.FromMinutes(5)));
        harness.StartOperator();
        await harness.CreatePipelineAsync(Manifests.Chain("long", 3), cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("long-1", "long"), cancellationToken: deadline.Token);
        await harness.WaitForRunAsync("long-1", r => r.Status?.Stages?[0].Phase == StagePhase.Running, deadline.Token);

        await harness.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new k8s.Models.V1Patch("""{"spec":{"cancel":true}}""", k8s.Models.V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, "default", "pipelineruns", "long-1", cancellationToken: deadline.Token);
        var run = await harness.WaitForPhaseAsync("long-1", RunPhase.Cancelled, deadline.Token);

        Assert.Equal([StagePhase.Cancelled, StagePhase.Skipped, StagePhase.Skipped], run.Status!.Stages!.Select(s => s.Phase!.Value));
        Assert.Equal(("False", "Cancelled"), run.Status.Conditions!.Where(c => c.Type == "Succeeded").Select(c => (c.Status, c.Reason!)).Single());
        while ((await harness.JobsAsync("long-1", cancellationToken: deadline.Token)).Count > 0)
        {
            await Task.Delay(50, deadline.Token);
        }
    }
}
