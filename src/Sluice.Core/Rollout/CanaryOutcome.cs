namespace Sluice.Core.Rollout;

/// <summary>What the rollout does after a pass.</summary>
public enum CanaryOutcome
{
    /// <summary>On its way through the steps.</summary>
    Progressing,

    /// <summary>Holding a step: a pause without duration, a person's pause, or no traffic under noDataPolicy Wait.</summary>
    Paused,

    /// <summary>Every step passed (or a person promoted): the canary becomes Stable.</summary>
    Promote,

    /// <summary>Analysis failed, the canary is unhealthy, or a person aborted: all traffic back to Stable.</summary>
    Abort,
}
