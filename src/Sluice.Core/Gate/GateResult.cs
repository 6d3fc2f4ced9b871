namespace Sluice.Core.Gate;

/// <summary>The gate's outcome, as TFX's blessing: passed against a baseline, passed on absolute bounds alone, or refused.</summary>
public enum GateResult
{
    Blessed,
    RubberStamped,
    Refused,
}
