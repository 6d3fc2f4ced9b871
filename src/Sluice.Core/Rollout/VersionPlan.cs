using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// What one version should be after a pass: its server pods, its role and phase, its Ready condition, and the
/// Events its change raises.
/// </summary>
public sealed record VersionPlan(
    string Name,
    int Replicas,
    ModelRole? Role,
    ModelVersionPhase Phase,
    bool Ready,
    string Reason,
    string Message,
    IReadOnlyList<RolloutEvent> Events);
