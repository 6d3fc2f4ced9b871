namespace Sluice.Core.Rollout;

/// <summary>One pass of a deleted version's drain: the replicas to set (null: leave them), whether its finalizer can go, and why.</summary>
public sealed record DrainStep(int? ScaleTo, bool Release, string Message);
