namespace Sluice.Core.Rollout;

/// <summary>
/// Where a canary rollout stands, as its status keeps it: the current step, when that step began, the failed
/// checks so far, and why it is paused (null while it runs).
/// </summary>
public sealed record CanaryProgress(int StepIndex, DateTimeOffset? StepStartedAt, int Failures, string? PausedReason)
{
    public static CanaryProgress Start(DateTimeOffset now) => new(0, now, 0, null);
}
