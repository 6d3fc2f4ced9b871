namespace Sluice.Serving.Models;

/// <summary>
/// Coalesce concurrent requests into one run of up to MaxBatchSize rows, waiting at most MaxDelay. Workers batches
/// run at once (Triton's instance count): one keeps a core free for HTTP; more use more cores for heavy models.
/// </summary>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxDelay, int Workers = 1)
{
    /// <summary>When nothing waits and the model is cheap, a request runs at once on its own thread (tests turn it off to force batches).</summary>
    internal bool RunAloneWhenIdle { get; init; } = true;
}
