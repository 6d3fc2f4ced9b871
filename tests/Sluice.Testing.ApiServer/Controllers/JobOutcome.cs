namespace Sluice.Testing.ApiServer;

/// <summary>What the simulated Job controller makes a Job's pod do.</summary>
public enum JobOutcome
{
    Succeed,
    Fail,
    OOMKilled,
    ImagePullBackOff,
    Unschedulable,
}
