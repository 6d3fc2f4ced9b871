namespace Sluice.Core.Runs;

/// <summary>Where one stage of a run stands.</summary>
public enum StagePhase
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
