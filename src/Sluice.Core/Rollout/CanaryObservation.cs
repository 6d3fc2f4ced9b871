using Sluice.Core.Analysis;

namespace Sluice.Core.Rollout;

/// <summary>
/// What one pass saw of a canary: whether its traffic is at a weight (its pods, or a route's accepted weights, give
/// that share; asked of each step the pass reaches), how often they
/// restarted since the rollout began, whether they missed the progress deadline, the check that completed in this
/// pass (if one was due), and a person's action.
/// </summary>
public sealed record CanaryObservation(
    Func<int, bool> Reached,
    int Restarts,
    bool ProgressDeadlineExceeded,
    CheckResult? Check,
    RolloutAction? Action,
    DateTimeOffset Now)
{
    /// <summary>What is wrong with the canary's pods as the kubelet tells it (exit code and message, OOMKilled, image pull), when known.</summary>
    public string? PodProblem { get; init; }
}
