using Sluice.Core.Rollout;

namespace Sluice.Cli.Rollout;

/// <summary>`sluice pause MV`.</summary>
internal sealed class PauseCommand() : RolloutActionCommand(RolloutAction.Pause,
    "Hold a canary at its current step",
    "Holds the canary at its current step, analysis still running, until resumed.");
