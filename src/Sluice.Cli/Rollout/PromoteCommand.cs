using Sluice.Core.Rollout;

namespace Sluice.Cli.Rollout;

/// <summary>`sluice promote MV`.</summary>
internal sealed class PromoteCommand() : RolloutActionCommand(RolloutAction.Promote,
    "Promote a canary now, skipping its remaining steps; on a retired version, roll back to it",
    "Promotes the canary now, skipping its remaining steps and analysis. On a Retired or Aborted version it rolls "
    + "back: the version becomes Stable as soon as its pods are Ready, without canary steps.");
