using Sluice.Core.Analysis;

namespace Sluice.Core.Rollout;

/// <summary>
/// What one pass saw of a canary: whether its pods match the current step's split and are Ready, how often they
/// restarted since the rollout began, whether they missed the progress deadline, the check that completed in this
/// pass (if one was due), and a person's action.
/// </summary>
public sealed record CanaryObservation(
    bool AtSplit,
    int Restarts,
    bool ProgressDeadlineExceeded,
    CheckResult? Check,
    RolloutAction? Action,
    DateTimeOffset Now);
