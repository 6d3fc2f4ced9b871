namespace Sluice.Serving.Models;

/// <summary>Coalesce concurrent requests into one run of up to MaxBatchSize rows, waiting at most MaxDelay.</summary>
public sealed record BatchingSettings(int MaxBatchSize, TimeSpan MaxDelay);
