using Sluice.Core.Rollout;

namespace Sluice.Cli.Rollout;

/// <summary>`sluice abort MV`.</summary>
internal sealed class AbortCommand() : RolloutActionCommand(RolloutAction.Abort,
    "Abort a canary",
    " all traffic back to the Stable version:Aborts the canary: all traffic goes back to the Stable version and the canary scales to zero.");
