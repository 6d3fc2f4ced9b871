using Sluice.Core.Api;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>
/// What a run survives: the operator killed and restarted mid-run, watches dropped or expired, storms of 409s and
/// 500s, and a second replica. Each ends with every stage run exactly once.
/// </summary>
public sealed class PipelineRunResilienceTests
{
    [Fact]
    public async Task Killing_the_operator_at_random_points_neither_duplicates_nor_loses_a_stage()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var harness = await OperatorHarness.StartAsync(new TestApiServerOptions
        {
            DefaultJobBehavior = JobBehavior.SucceedAfter(TimeSpan.FromMilliseconds(150)),
        }, deadline.Token);
        await harness.CreatePipelineAsync(Manifests.Chain("chain", 5), cancellationToken: deadline.Token);
        await harness.CreatePipelineAsync(Manifests.Diamond, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("chain-1", "chain"), cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("diamond-1", "diamond"), cancellationToken: deadline.Token);
        var random = new Random(20261123);

        for (var i = 0; i < 8; i++)
        {
            harness.StartOperator();
            await Task.Delay(random.Next(50, 400), deadline.Token);
            await harness.StopOperatorAsync();
        }

        harness.StartOperator();
        await harness.WaitForPhaseAsync("chain-1", RunPhase.Succeeded, deadline.Token);
        await harness.WaitForPhaseAsync("diamond-1", RunPhase.Succeeded, deadline.Token);

        // Job names are deterministic, so a duplicate would show as a second attempt of a stage that never failed.
        var jobs = (await harness.JobsAsync("chain-1", cancellationToken: deadline.Token))
            .Concat(await harness.JobsAsync("diamond-1", cancellationToken: deadline.Token)).ToList();
        Assert.Equal(9, jobs.Count);
        Assert.All(jobs, j => Assert.EndsWith("-1", j.Metadata.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_and_expired_watches_do_not_stall_a_run()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Manifests.Chain("chain", 5), cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("chain-1", "chain"), cancellationToken: deadline.Token);

        var run = harness.WaitForPhaseAsync("chain-1", RunPhase.Succeeded, deadline.Token);
        for (var i = 0; !run.IsCompleted && i < 40; i++)
        {
            if (i % 2 == 0)
            {
                harness.Server.DropWatches();
            }
            else
            {
                harness.Server.CompactHistory();
                harness.Server.Faults.ForceGoneOnNextWatch = true;
                harness.Server.DropWatches();
            }

            await Task.Delay(120, deadline.Token);
        }

        Assert.Equal("5/5", (await run).Status!.Progress);
        Assert.Equal(5, (await harness.JobsAsync("chain-1", cancellationToken: deadline.Token)).Count);
    }

    [Fact]
    public async Task Storms_of_conflicts_and_server_errors_only_slow_a_run_down()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Manifests.Diamond, cancellationToken: deadline.Token);
        await harness.CreatePipelineAsync(Manifests.Chain("chain", 5), cancellationToken: deadline.Token);
        var runs = new[] { ("diamond-1", "diamond", 4), ("diamond-2", "diamond", 4), ("chain-1", "chain", 5) };
        // Rates at which a long streak of failures on one key, whose backoff doubles from 5 ms up to 1000 s as
        // controller-runtime's does, stays rare enough for the deadline; the backoff itself is what is meant to hold.
        // Three runs make some 30 writes, so the storm always hits.
        using (harness.Server.Faults.Add(new FaultRule("update", "pipelineruns/status", 409, 0.3)))
        using (harness.Server.Faults.Add(new FaultRule("create", "jobs", 500, 0.3)))
        using (harness.Server.Faults.Add(new FaultRule("list", "*", 500, 0.2)))
        using (harness.Server.Faults.Add(new FaultRule("watch", "*", 500, 0.2)))
        {
            foreach (var (name, pipeline, _) in runs)
            {
                await harness.CreateRunAsync(Manifests.Run(name, pipeline), cancellationToken: deadline.Token);
            }

            foreach (var (name, _, stages) in runs)
            {
                var run = await harness.WaitForPhaseAsync(name, RunPhase.Succeeded, deadline.Token);
                Assert.Equal($"{stages}/{stages}", run.Status!.Progress);
            }
        }

        foreach (var (name, _, stages) in runs)
        {
            Assert.Equal(stages, (await harness.JobsAsync(name, cancellationToken: deadline.Token)).Count);
        }

        Assert.True(harness.Logs.Lines.Any(l => l.Contains("backing off", StringComparison.Ordinal)), "the storm never hit the operator");
    }

    [Fact]
    public async Task With_two_replicas_only_the_leader_reconciles()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        var options = OperatorHarness.DefaultOptions with { LeaderElect = true, LeaderElectionNamespace = "default" };
        var first = harness.StartOperator(options);
        var second = harness.StartOperator(options);
        await harness.CreatePipelineAsync(Manifests.Diamond, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("diamond-1", "diamond"), cancellationToken: deadline.Token);

        await harness.WaitForPhaseAsync("diamond-1", RunPhase.Succeeded, deadline.Token);

        var leaders = new[] { first, second }.Where(o => o.Logs.Lines.Any(l => l.Contains("is the leader", StringComparison.Ordinal))).ToList();
        var leader = Assert.Single(leaders);
        var follower = leader == first ? second : first;
        Assert.Contains(leader.Logs.Lines, l => l.Contains("Created Job", StringComparison.Ordinal));
        Assert.DoesNotContain(follower.Logs.Lines, l => l.Contains("Created Job", StringComparison.Ordinal));
        Assert.Contains(follower.Logs.Lines, l => l.Contains("informers synced", StringComparison.Ordinal));
    }
}
