namespace Sluice.Core.Gate;

/// <summary>The gate's verdict: the result, every rule's outcome, and the reason and message of the first refusal.</summary>
public sealed record GateVerdict(GateResult Result, IReadOnlyList<RuleOutcome> Rules, string Reason, string Message)
{
    public bool Passed => Result != GateResult.Refused;
}
