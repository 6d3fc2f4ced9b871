using Sluice.Core.Api;
using Sluice.Core.Runs;

namespace Sluice.Core.Tests.Runs;

public sealed class RunPlannerTests
{
    // Diamond: ingest -> (validate, features) -> train -> evaluate. Phases given in that order, one letter each:
    // P=Pending R=Running S=Succeeded F=Failed K=Skipped C=Cancelled.
    [Theory]
    [InlineData("PPPPP", "ingest", "")]
    [InlineData("RPPPP", "", "")]
    [InlineData("SPPPP", "validate,features", "")]
    [InlineData("SSRPP", "", "")]
    [InlineData("SSSPP", "train", "")]
    [InlineData("SFRPP", "", "train,evaluate")]
    [InlineData("FPPPP", "", "validate,features,train,evaluate")]
    [InlineData("SSSSP", "evaluate", "")]
    public void Diamond_starts_ready_stages_in_parallel_and_skips_everything_downstream_of_a_failure(
        string phases, string expectedStart, string expectedSkip)
    {
        var step = RunPlanner.Next(Diamond(phases), cancelRequested: false);

        Assert.Equal(Split(expectedStart), step.Start);
        Assert.Equal(Split(expectedSkip), step.Skip);
        Assert.Empty(step.Cancel);
    }

    [Theory]
    [InlineData("PPPPP", "Pending", "0/5")]
    [InlineData("RPPPP", "Running", "0/5")]
    [InlineData("SSRPP", "Running", "2/5")]
    [InlineData("SSSSS", "Succeeded", "5/5")]
    [InlineData("SFSKK", "Failed", "5/5")]
    [InlineData("SCCKK", "Cancelled", "5/5")]
    [InlineData("SFRPP", "Running", "2/5")]
    public void Phase_and_progress_follow_the_stages(string phases, string expectedPhase, string expectedProgress)
    {
        var summary = RunPlanner.Summarize(Diamond(phases));

        Assert.Equal(Enum.Parse<RunPhase>(expectedPhase), summary.Phase);
        Assert.Equal(expectedProgress, summary.Progress);
    }

    [Fact]
    public void Cancel_stops_running_and_pending_stages_and_starts_nothing()
    {
        var step = RunPlanner.Next(Diamond("SRPPP"), cancelRequested: true);

        Assert.Empty(step.Start);
        Assert.Equal(["validate", "features", "train", "evaluate"], step.Cancel);
    }

    [Fact]
    public void A_wide_dag_starts_every_branch_at_once()
    {
        var stages = Enumerable.Range(0, 50)
            .Select(i => new StageView($"shard-{i}", ["prepare"], StagePhase.Pending))
            .Prepend(new StageView("prepare", [], StagePhase.Succeeded))
            .ToList();

        Assert.Equal(50, RunPlanner.Next(stages, cancelRequested: false).Start.Count);
    }

    [Theory]
    [InlineData(2, 10, 2.0, 600, 10)]
    [InlineData(3, 10, 2.0, 600, 20)]
    [InlineData(5, 10, 2.0, 600, 80)]
    [InlineData(20, 10, 2.0, 600, 600)]
    [InlineData(4, 5, 1.0, 600, 5)]
    public void Retry_backoff_grows_by_the_factor_up_to_the_cap(
        int nextAttempt, int baseSeconds, double factor, int maxSeconds, int expectedSeconds)
    {
        var failedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        var due = RunPlanner.RetryDueAt(
            failedAt, nextAttempt, TimeSpan.FromSeconds(baseSeconds), factor, TimeSpan.FromSeconds(maxSeconds));

        Assert.Equal(failedAt.AddSeconds(expectedSeconds), due);
    }

    private static List<StageView> Diamond(string phases)
    {
        string[] names = ["ingest", "validate", "features", "train", "evaluate"];
        string[][] deps = [[], ["ingest"], ["ingest"], ["validate", "features"], ["train"]];
        return [.. names.Select((n, i) => new StageView(n, deps[i], Phase(phases[i])))];
    }

    private static StagePhase Phase(char c) => c switch
    {
        'P' => StagePhase.Pending,
        'R' => StagePhase.Running,
        'S' => StagePhase.Succeeded,
        'F' => StagePhase.Failed,
        'K' => StagePhase.Skipped,
        'C' => StagePhase.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
