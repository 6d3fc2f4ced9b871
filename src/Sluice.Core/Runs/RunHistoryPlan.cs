namespace Sluice.Core.Runs;

/// <summary>What the Pipeline controller deletes on this pass.</summary>
/// <param name="RunsToDelete">PipelineRuns beyond the history limits, oldest first; their Jobs go with them (owner references).</param>
/// <param name="JobsToCleanUp">Runs kept whose Jobs and Pods are past ttlSecondsAfterFinished, oldest first.</param>
/// <param name="RequeueAt">When the next kept run's TTL expires; null when none is pending.</param>
public sealed record RunHistoryPlan(IReadOnlyList<string> RunsToDelete, IReadOnlyList<string> JobsToCleanUp, DateTimeOffset? RequeueAt);
