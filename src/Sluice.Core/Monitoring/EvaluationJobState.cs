namespace Sluice.Core.Monitoring;

/// <summary>The evaluation Job of the next window to absorb: still running, done with a summary, or failed with why.</summary>
/// <param name="ModelVersion">The ModelVersion whose logs and profile it compares.</param>
/// <param name="Blocked">While running: why it cannot progress (an image it cannot pull, a pod it cannot schedule).</param>
public sealed record EvaluationJobState(string Name, WindowSpan Window, string ModelVersion, bool Finished, WindowResult? Result, string? Failure, string? Blocked = null);
