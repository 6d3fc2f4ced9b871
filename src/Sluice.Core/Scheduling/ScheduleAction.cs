namespace Sluice.Core.Scheduling;

/// <summary>What the Pipeline controller does about its schedule on this pass.</summary>
public enum ScheduleAction
{
    /// <summary>Nothing is due (or the schedule is suspended).</summary>
    None,

    /// <summary>Start the run for <see cref="ScheduleDecision.ScheduledTime"/>.</summary>
    Start,

    /// <summary>A run is due but another is active and concurrencyPolicy is Forbid: start nothing, and record the time as handled.</summary>
    Skip,
}
