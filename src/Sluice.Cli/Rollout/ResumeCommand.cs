using Sluice.Core.Rollout;

namespace Sluice.Cli.Rollout;

/// <summary>`sluice resume MV`.</summary>
internal sealed class ResumeCommand() : RolloutActionCommand(RolloutAction.Resume,
    "Continue a paused canary, also past a pause without duration",
    "Continues a paused canary: past a pause without duration, after a person's pause, or after waiting for traffic.");
