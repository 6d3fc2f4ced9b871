using System.Globalization;
using Sluice.Core.Runs;

namespace Sluice.Core.Tests.Runs;

public sealed class RunHistoryPrunerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>"name:Phase:minutes-ago[:nojobs]" per run; minutes-ago "-" means no completion time.</summary>
    private static List<FinishedRun> Runs(string spec) =>
        [.. spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var parts = item.Split(':');
            DateTimeOffset? completed = parts[2] == "-" ? null : Now.AddMinutes(-int.Parse(parts[2], CultureInfo.InvariantCulture));
            return new FinishedRun(parts[0], Enum.Parse<Sluice.Core.Api.RunPhase>(parts[1]), completed, HasJobs: parts.Length < 4);
        })];

    [Theory]
    // Defaults keep 3 succeeded and 1 failed; the oldest go first.
    [InlineData("a:Succeeded:50 b:Succeeded:40 c:Succeeded:30 d:Succeeded:20 e:Succeeded:10", null, null, "a,b")]
    [InlineData("a:Failed:50 b:Cancelled:40 c:Failed:30 d:Succeeded:20", null, null, "a,b")]
    // Failed and cancelled share failedRunsHistoryLimit; succeeded runs are counted apart.
    [InlineData("a:Failed:50 b:Succeeded:45 c:Cancelled:40 d:Failed:30", 1, 2, "a")]
    // Limits of 0 delete every finished run of that kind.
    [InlineData("a:Succeeded:50 b:Failed:40 c:Succeeded:30", 0, 5, "a,c")]
    // Running and pending runs are never pruned, whatever the limits.
    [InlineData("a:Running:- b:Pending:- c:Succeeded:30 d:Succeeded:10", 1, 0, "c")]
    // Under the limits nothing goes.
    [InlineData("a:Succeeded:50 b:Failed:40", 3, 1, "")]
    // A finished run without a completion time counts as the oldest.
    [InlineData("a:Succeeded:50 b:Succeeded:- c:Succeeded:10", 2, 1, "b")]
    // Equal completion times are decided by name, the same on every pass.
    [InlineData("b:Succeeded:10 a:Succeeded:10 c:Succeeded:10", 2, 1, "a")]
    public void Deletes_the_oldest_runs_beyond_the_history_limits(string runs, int? successful, int? failed, string expected)
    {
        var delete = RunHistoryPruner.RunsToDelete(Runs(runs), successful, failed);

        Assert.Equal(expected, string.Join(',', delete));
    }

    [Theory]
    // TTL of 1 hour: a (90 min ago) and b (61) are due, c (30) expires in 30 minutes.
    [InlineData("a:Succeeded:90 b:Failed:61 c:Succeeded:30", 3600, "a,b", 30)]
    // Exactly at the TTL it is due.
    [InlineData("a:Succeeded:60", 3600, "a", null)]
    // Runs whose Jobs are already gone are not due again and do not requeue.
    [InlineData("a:Succeeded:90:nojobs b:Succeeded:30:nojobs", 3600, "", null)]
    // TTL 0: every finished run's Jobs go at once; running runs keep theirs.
    [InlineData("a:Succeeded:0 b:Running:-", 0, "a", null)]
    // Without a TTL, Jobs stay with their run.
    [InlineData("a:Succeeded:900", null, "", null)]
    public void Cleans_up_jobs_past_the_ttl_and_requeues_for_the_next(string runs, int? ttl, string expected, int? requeueInMinutes)
    {
        var (due, requeue) = RunHistoryPruner.JobsDue(Runs(runs), ttl, Now);

        Assert.Equal(expected, string.Join(',', due));
        Assert.Equal(requeueInMinutes is null ? null : Now.AddMinutes(requeueInMinutes.Value), requeue);
    }

    [Fact]
    public void Plan_does_not_clean_up_jobs_of_runs_it_deletes()
    {
        var plan = RunHistoryPruner.Plan(Runs("a:Succeeded:300 b:Succeeded:200 c:Succeeded:30"), 2, 1, 3600, Now);

        Assert.Equal(["a"], plan.RunsToDelete);
        Assert.Equal(["b"], plan.JobsToCleanUp);
        Assert.Equal(Now.AddMinutes(30), plan.RequeueAt);
    }

    [Fact]
    public void Negative_limit_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RunHistoryPruner.RunsToDelete(Runs("a:Succeeded:1"), -1, 1));

        Assert.Contains("successfulRunsHistoryLimit", e.Message, StringComparison.Ordinal);
    }
}
