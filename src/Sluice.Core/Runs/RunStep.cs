namespace Sluice.Core.Runs;

/// <summary>
/// What a reconcile pass should do to a run: stages to start now (their dependencies all succeeded), stages to
/// mark Skipped (a dependency failed, was skipped or cancelled), stages to cancel (the run was cancelled).
/// </summary>
public sealed record RunStep(IReadOnlyList<string> Start, IReadOnlyList<string> Skip, IReadOnlyList<string> Cancel);
