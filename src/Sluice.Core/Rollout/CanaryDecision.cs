namespace Sluice.Core.Rollout;

/// <summary>
/// The outcome of one pass: the progress to store, the canary weight the step asks for, the reason and message for
/// the Progressing condition, the Events to raise, and when to look again.
/// </summary>
public sealed record CanaryDecision(
    CanaryOutcome Outcome,
    CanaryProgress Progress,
    int Weight,
    string Reason,
    string Message,
    IReadOnlyList<RolloutEvent> Events,
    TimeSpan? RequeueAfter);
