namespace Sluice.Core.Scheduling;

/// <summary>The outcome of SchedulePlanner.Plan: what to do about the schedule on this pass.</summary>
/// <param name="ScheduledTime">
/// The due time handled on this pass (Start or Skip): name the run after it and store it as status.lastScheduleTime,
/// so the next pass does not handle it again. Null when nothing is due.
/// </param>
/// <param name="CancelActive">Replace policy with a run active: cancel the active runs, then start the new one.</param>
/// <param name="MissedEarlier">
/// Older scheduled times since the last one were passed over (the operator was down or the schedule suspended); only
/// the latest starts, as a CronJob does. Worth an Event.
/// </param>
/// <param name="RequeueAt">The next scheduled time after now, to requeue at; null when suspended or when the cron never fires.</param>
/// <param name="Message">One plain sentence for logs and Events.</param>
public sealed record ScheduleDecision(
    ScheduleAction Action,
    DateTimeOffset? ScheduledTime,
    bool CancelActive,
    bool MissedEarlier,
    DateTimeOffset? RequeueAt,
    string Message);
