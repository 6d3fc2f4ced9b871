using System.Globalization;
using Sluice.Core.Api;
using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

public sealed class SchedulePlannerTests
{
    private static DateTimeOffset T(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static ScheduleDecision Plan(
        string cron, string last, string now, bool active = false, ConcurrencyPolicy policy = ConcurrencyPolicy.Forbid,
        bool suspend = false, string zone = "UTC") =>
        SchedulePlanner.Plan(CronExpression.Parse(cron), TimeZoneInfo.FindSystemTimeZoneById(zone), suspend, policy, T(last), T(now), active);

    [Theory]
    // Nothing due yet: requeue at the next time.
    [InlineData("0 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T10:30:00Z", "None", null, false, "2026-11-23T11:00:00Z")]
    // Exactly due.
    [InlineData("0 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", "Start", "2026-11-23T11:00:00Z", false, "2026-11-23T12:00:00Z")]
    // Due a little late (the operator was busy): still that time.
    [InlineData("0 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:42Z", "Start", "2026-11-23T11:00:00Z", false, "2026-11-23T12:00:00Z")]
    // Three days down with an hourly schedule: only the latest starts, no burst.
    [InlineData("0 * * * *", "2026-11-20T10:00:00Z", "2026-11-23T10:59:00Z", "Start", "2026-11-23T10:00:00Z", true, "2026-11-23T11:00:00Z")]
    // A year down with a daily schedule.
    [InlineData("@daily", "2025-11-01T00:00:00Z", "2026-11-23T10:00:00Z", "Start", "2026-11-23T00:00:00Z", true, "2026-11-24T00:00:00Z")]
    // Every minute, two hours down.
    [InlineData("* * * * *", "2026-11-23T08:00:00Z", "2026-11-23T10:00:30Z", "Start", "2026-11-23T10:00:00Z", true, "2026-11-23T10:01:00Z")]
    // A yearly schedule missed twice.
    [InlineData("@yearly", "2024-01-01T00:00:00Z", "2026-11-23T10:00:00Z", "Start", "2026-01-01T00:00:00Z", true, "2027-01-01T00:00:00Z")]
    // Never scheduled: counted from the Pipeline's creation time, not from the epoch.
    [InlineData("30 2 * * *", "2026-11-23T09:12:00Z", "2026-11-23T10:00:00Z", "None", null, false, "2026-11-24T02:30:00Z")]
    public void Starts_only_the_latest_due_time(string cron, string last, string now, string action, string? due, bool missed, string requeue)
    {
        var decision = Plan(cron, last, now);

        Assert.Equal(Enum.Parse<ScheduleAction>(action), decision.Action);
        Assert.Equal(due is null ? null : T(due), decision.ScheduledTime);
        Assert.Equal(missed, decision.MissedEarlier);
        Assert.Equal(T(requeue), decision.RequeueAt);
        Assert.False(decision.CancelActive);
    }

    [Theory]
    [InlineData(ConcurrencyPolicy.Allow, false, "Start", false)]
    [InlineData(ConcurrencyPolicy.Allow, true, "Start", false)]
    [InlineData(ConcurrencyPolicy.Forbid, false, "Start", false)]
    [InlineData(ConcurrencyPolicy.Forbid, true, "Skip", false)]
    [InlineData(ConcurrencyPolicy.Replace, false, "Start", false)]
    [InlineData(ConcurrencyPolicy.Replace, true, "Start", true)]
    public void Concurrency_policy_decides_what_a_due_run_does_while_another_is_active(ConcurrencyPolicy policy, bool active, string action, bool cancel)
    {
        var decision = Plan("0 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:05Z", active, policy);

        Assert.Equal(Enum.Parse<ScheduleAction>(action), decision.Action);
        Assert.Equal(cancel, decision.CancelActive);
        Assert.Equal(T("2026-11-23T11:00:00Z"), decision.ScheduledTime);
        Assert.Equal(T("2026-11-23T12:00:00Z"), decision.RequeueAt);
    }

    [Fact]
    public void Forbid_skip_says_why_in_plain_words()
    {
        var decision = Plan("0 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:05Z", active: true);

        Assert.Contains("another run is active", decision.Message, StringComparison.Ordinal);
        Assert.Contains("Forbid", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Suspended_schedule_starts_nothing_and_needs_no_requeue(bool active)
    {
        var decision = Plan("* * * * *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", active, ConcurrencyPolicy.Allow, suspend: true);

        Assert.Equal(ScheduleAction.None, decision.Action);
        Assert.Null(decision.ScheduledTime);
        Assert.Null(decision.RequeueAt);
        Assert.Contains("suspended", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    // 09:00 in Paris is 08:00 UTC in winter.
    [InlineData("0 9 * * *", "Europe/Paris", "2026-11-23T07:00:00Z", "2026-11-23T08:30:00Z", "2026-11-23T08:00:00Z", "2026-11-24T08:00:00Z")]
    // ... and 07:00 UTC in summer.
    [InlineData("0 9 * * *", "Europe/Paris", "2026-07-01T06:00:00Z", "2026-07-01T07:30:00Z", "2026-07-01T07:00:00Z", "2026-07-02T07:00:00Z")]
    // Spring forward in New York (2026-03-08, 02:00 -> 03:00 EDT): 02:30 does not exist and runs at 03:00 EDT (07:00Z).
    [InlineData("30 2 * * *", "America/New_York", "2026-03-07T08:00:00Z", "2026-03-08T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    // Fall back (2026-11-01, 02:00 EDT -> 01:00 EST): 01:30 happens twice and runs once, at 05:30Z.
    [InlineData("30 1 * * *", "America/New_York", "2026-10-31T06:00:00Z", "2026-11-01T05:45:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    public void Cron_times_are_wall_clock_times_of_the_schedule_zone(string cron, string zone, string last, string now, string due, string next)
    {
        var decision = Plan(cron, last, now, zone: zone);

        Assert.Equal(ScheduleAction.Start, decision.Action);
        Assert.Equal(T(due), decision.ScheduledTime);
        Assert.Equal(T(next), decision.RequeueAt);
    }

    [Fact]
    public void The_repeated_hour_does_not_start_the_run_a_second_time()
    {
        // After the 05:30Z run (first 01:30 EDT), the second 01:30 (EST, 06:30Z) is not a new scheduled time.
        var decision = Plan("30 1 * * *", "2026-11-01T05:30:00Z", "2026-11-01T06:45:00Z", zone: "America/New_York");

        Assert.Equal(ScheduleAction.None, decision.Action);
        Assert.Equal(T("2026-11-02T06:30:00Z"), decision.RequeueAt);
    }

    [Fact]
    public void Handling_the_decision_then_planning_again_does_not_start_it_twice()
    {
        var first = Plan("*/15 * * * *", "2026-11-23T10:00:00Z", "2026-11-23T10:16:00Z");
        var again = SchedulePlanner.Plan(CronExpression.Parse("*/15 * * * *"), TimeZoneInfo.Utc, false, ConcurrencyPolicy.Forbid,
            first.ScheduledTime!.Value, T("2026-11-23T10:16:30Z"), runActive: true);

        Assert.Equal(ScheduleAction.Start, first.Action);
        Assert.Equal(ScheduleAction.None, again.Action);
        Assert.Equal(T("2026-11-23T10:30:00Z"), again.RequeueAt);
    }

    [Theory]
    [InlineData(null, null, "Skip")]
    [InlineData(ConcurrencyPolicy.Allow, null, "Start")]
    [InlineData(null, true, "None")]
    public void Pipeline_schedule_defaults_to_forbid_and_not_suspended(ConcurrencyPolicy? policy, bool? suspend, string action)
    {
        var schedule = new PipelineSchedule { Cron = "0 * * * *", ConcurrencyPolicy = policy, Suspend = suspend };

        var decision = SchedulePlanner.Plan(schedule, TimeZoneInfo.Utc, T("2026-11-23T10:00:00Z"), T("2026-11-23T11:00:05Z"), runActive: true);

        Assert.Equal(Enum.Parse<ScheduleAction>(action), decision.Action);
    }

    [Fact]
    public void Pipeline_schedule_with_a_bad_cron_names_the_field()
    {
        var e = Assert.Throws<FormatException>(() => SchedulePlanner.Plan(
            new PipelineSchedule { Cron = "61 * * * *" }, TimeZoneInfo.Utc, T("2026-11-23T10:00:00Z"), T("2026-11-23T11:00:00Z"), runActive: false));

        Assert.Contains("spec.schedule.cron", e.Message, StringComparison.Ordinal);
        Assert.Contains("minute", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_that_never_fires_is_never_due_and_never_requeued()
    {
        var decision = Plan("0 0 30 2 *", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z");

        Assert.Equal(ScheduleAction.None, decision.Action);
        Assert.Null(decision.RequeueAt);
        Assert.Contains("never fires", decision.Message, StringComparison.Ordinal);
    }

    [Theory]
    // 2026-11-23T11:00Z is unix minute 29923860.
    [InlineData("nightly", "train", "2026-11-23T11:00:00Z", "nightly-29923860")]
    // Two schedules a minute apart get different names; seconds do not matter.
    [InlineData("nightly", "train", "2026-11-23T11:01:59Z", "nightly-29923861")]
    // The decimal form does not fit beside a 42-character stage: five base-36 digits instead.
    [InlineData("churn-model", "evaluate-against-the-production-champion-x", "2026-11-23T11:00:00Z", "churn-model-htdec")]
    public void Run_name_is_derived_from_the_scheduled_time_and_fits_the_job_names(string pipeline, string stage, string time, string expected)
    {
        var spec = new PipelineSpec { Stages = [new Stage { Name = stage, Image = "x" }] };

        var name = SchedulePlanner.RunName(pipeline, T(time), spec);

        Assert.Equal(expected, name);
        Assert.True(Validation.JobNames.LongestForRun(name, stage) <= 63);
        Assert.True(Validation.Names.IsDns1123Label(name));
    }
}
