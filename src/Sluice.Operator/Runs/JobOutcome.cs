namespace Sluice.Operator.Runs;

/// <summary>Where one stage attempt's Job stands.</summary>
internal enum JobOutcome
{
    Running,
    Succeeded,
    Failed,
}
