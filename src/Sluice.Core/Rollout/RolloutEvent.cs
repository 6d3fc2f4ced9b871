namespace Sluice.Core.Rollout;

/// <summary>An Event a rollout pass raises.</summary>
public sealed record RolloutEvent(bool Warning, string Reason, string Message);
