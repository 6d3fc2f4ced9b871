namespace Sluice.Core.Runs;

/// <summary>Where a whole run stands.</summary>
public enum RunPhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
