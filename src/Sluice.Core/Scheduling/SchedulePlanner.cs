using Sluice.Core.Api;
using Sluice.Core.Runs;

namespace Sluice.Core.Scheduling;

/// <summary>
/// The Pipeline controller's schedule decisions, as a CronJob makes them: after downtime only the most recent missed
/// time starts (never a burst), suspend starts nothing (and, as with a CronJob without startingDeadlineSeconds, the
/// latest time missed while suspended starts on resume), and concurrencyPolicy decides what a due run does while
/// another is active. Pure: the clock and the time zone come in.
/// </summary>
public static class SchedulePlanner
{
    // Windows searched backwards from now for the latest due time, so a long outage costs a few thousand cron steps at
    // most instead of one per missed minute.
    private static readonly TimeSpan[] SearchWindows =
        [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(367)];

    /// <summary>
    /// <see cref="Plan(CronExpression, TimeZoneInfo, bool, ConcurrencyPolicy, DateTimeOffset, DateTimeOffset, bool)"/> for
    /// a Pipeline's schedule, with its defaults (concurrencyPolicy Forbid, suspend false). The caller looks the zone up
    /// (<c>TimeZoneInfo.FindSystemTimeZoneById(schedule.Timezone)</c>, UTC when empty): finding it reads the system's
    /// time zone files, which the pure core does not do.
    /// </summary>
    /// <exception cref="FormatException">spec.schedule.cron is not a valid cron expression (validation catches it first).</exception>
    public static ScheduleDecision Plan(PipelineSchedule schedule, TimeZoneInfo zone, DateTimeOffset lastScheduleTime, DateTimeOffset now, bool runActive)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!CronExpression.TryParse(schedule.Cron, out var cron, out var error))
        {
            throw new FormatException($"spec.schedule.cron: {error}");
        }

        return Plan(cron!, zone, schedule.Suspend ?? false, schedule.ConcurrencyPolicy ?? ConcurrencyPolicy.Forbid, lastScheduleTime, now, runActive);
    }

    /// <param name="lastScheduleTime">status.lastScheduleTime, or the Pipeline's creation time when it never ran on schedule.</param>
    /// <param name="runActive">Whether a run of the Pipeline is Pending or Running.</param>
    public static ScheduleDecision Plan(
        CronExpression cron, TimeZoneInfo zone, bool suspend, ConcurrencyPolicy policy,
        DateTimeOffset lastScheduleTime, DateTimeOffset now, bool runActive)
    {
        ArgumentNullException.ThrowIfNull(cron);
        ArgumentNullException.ThrowIfNull(zone);
        if (suspend)
        {
            return new(ScheduleAction.None, null, false, false, null, "the schedule is suspended");
        }

        var first = ScheduleClock.NextAfter(cron, zone, lastScheduleTime);
        var next = ScheduleClock.NextAfter(cron, zone, now > lastScheduleTime ? now : lastScheduleTime);
        if (first is null || first > now)
        {
            var message = next is null ? $"cron \"{cron.Text}\" never fires" : $"next run at {Format(next.Value)}";
            return new(ScheduleAction.None, null, false, false, next, message);
        }

        var due = LatestDue(cron, zone, first.Value, now);
        var missed = due > first.Value;
        if (!runActive || policy == ConcurrencyPolicy.Allow)
        {
            return new(ScheduleAction.Start, due, false, missed, next, $"starting the run scheduled for {Format(due)}");
        }

        return policy == ConcurrencyPolicy.Replace
            ? new(ScheduleAction.Start, due, true, missed, next, $"cancelling the active run to start the run scheduled for {Format(due)} (concurrencyPolicy Replace)")
            : new(ScheduleAction.Skip, due, false, missed, next, $"skipped the run scheduled for {Format(due)}: another run is active (concurrencyPolicy Forbid)");
    }

    /// <summary>The run for a scheduled time: <c>&lt;pipeline&gt;-&lt;unix minutes&gt;</c>, short enough for the spec's Job names.</summary>
    public static string RunName(string pipeline, DateTimeOffset scheduledTime, PipelineSpec spec) =>
        RunNames.Scheduled(pipeline, scheduledTime, RunNames.MaxLength(spec));

    /// <summary>The latest scheduled instant at or before now, given one (<paramref name="first"/>) exists.</summary>
    private static DateTimeOffset LatestDue(CronExpression cron, TimeZoneInfo zone, DateTimeOffset first, DateTimeOffset now)
    {
        var from = first;
        foreach (var window in SearchWindows)
        {
            var start = now - window;
            if (start <= first)
            {
                break;
            }

            if (ScheduleClock.NextAfter(cron, zone, start) is { } hit && hit <= now)
            {
                from = hit;
                break;
            }
        }

        var latest = from;
        while (ScheduleClock.NextAfter(cron, zone, latest) is { } later && later <= now)
        {
            latest = later;
        }

        return latest;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
