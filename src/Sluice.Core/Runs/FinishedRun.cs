using ApiRunPhase = Sluice.Core.Api.RunPhase;

namespace Sluice.Core.Runs;

/// <summary>A run of a Pipeline as the history pruner sees it.</summary>
/// <param name="Phase">status.phase; runs still Pending or Running are never pruned.</param>
/// <param name="CompletionTime">status.completionTime; a finished run without one counts as the oldest.</param>
/// <param name="HasJobs">Whether any of its Jobs still exist (false once the TTL clean-up has run).</param>
public sealed record FinishedRun(string Name, ApiRunPhase Phase, DateTimeOffset? CompletionTime, bool HasJobs = true);
