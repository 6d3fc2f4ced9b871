namespace Sluice.Core.Gate;

/// <summary>
/// How one rule came out: both values, their difference and ratio, the thresholds that failed (by field name)
/// and, when it failed, the sentence a data scientist reads.
/// </summary>
public sealed record RuleOutcome(
    GateRule Rule,
    decimal? Candidate,
    decimal? Baseline,
    decimal? Diff,
    decimal? Ratio,
    IReadOnlyList<string> Failed,
    string? Reason,
    string? Message)
{
    public bool Passed => Failed.Count == 0;
}
