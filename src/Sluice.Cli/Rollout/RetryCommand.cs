using Sluice.Core.Rollout;

namespace Sluice.Cli.Rollout;

/// <summary>`sluice retry MV`.</summary>
internal sealed class RetryCommand() : RolloutActionCommand(RolloutAction.Retry,
    "Start an aborted canary again from its first step",
    "Starts an aborted canary again from its first step, with its failed checks cleared.");
