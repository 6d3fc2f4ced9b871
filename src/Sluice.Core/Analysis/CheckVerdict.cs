namespace Sluice.Core.Analysis;

/// <summary>How one canary check came out.</summary>
public enum CheckVerdict
{
    Passed,
    Failed,
    NoData,
}
