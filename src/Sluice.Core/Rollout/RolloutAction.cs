namespace Sluice.Core.Rollout;

/// <summary>What a person asks of a rollout (the <c>sluice.dev/action</c> annotation, kubectl or Argo CD alike).</summary>
public enum RolloutAction
{
    /// <summary>Skip the remaining steps and promote now.</summary>
    Promote,

    /// <summary>Stop the rollout: all traffic back to the Stable version.</summary>
    Abort,

    /// <summary>Hold the current step until resumed.</summary>
    Pause,

    /// <summary>Continue a paused rollout (also past a pause without duration).</summary>
    Resume,

    /// <summary>Start an aborted rollout again from its first step.</summary>
    Retry,
}
