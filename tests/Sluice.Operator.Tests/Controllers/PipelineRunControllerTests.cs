using Sluice.Core.Api;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Controllers;

public sealed class PipelineRunControllerTests
{
    [Fact]
    public async Task A_diamond_runs_every_stage_as_one_job_and_succeeds()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var harness = await OperatorHarness.StartAsync(cancellationToken: deadline.Token);
        harness.StartOperator();
        await harness.CreatePipelineAsync(Manifests.Diamond, cancellationToken: deadline.Token);
        await harness.CreateRunAsync(Manifests.Run("diamond-1", "diamond"), cancellationToken: deadline.Token);

        var run = await harness.WaitForPhaseAsync("diamond-1", RunPhase.Succeeded, deadline.Token);

        Assert.Equal("4/4", run.Status!.Progress);
        Assert.All(run.Status.Stages!, s => Assert.Equal(StagePhase.Succeeded, s.Phase));
        var succeeded = Assert.Single(run.Status.Conditions!, c => c.Type == "Succeeded");
        Assert.Equal("True", succeeded.Status);
        var jobs = await harness.JobsAsync("diamond-1", cancellationToken: deadline.Token);
        Assert.Equal(["diamond-1-a-1", "diamond-1-b-1", "diamond-1-c-1", "diamond-1-d-1"], jobs.Select(j => j.Metadata.Name).Order(StringComparer.Ordinal));
        var stages = run.Status.Stages!.ToDictionary(s => s.Name);
        Assert.True(stages["d"].StartTime >= stages["b"].CompletionTime && stages["d"].StartTime >= stages["c"].CompletionTime);
    }
}
