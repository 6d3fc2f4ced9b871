using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// What one version should be after a pass: its server pods, its role and phase, its Ready condition, and the
/// Events its change raises. During a canary rollout also its progress to store, the desired and effective weights,
/// the Progressing, Degraded and TrafficSplit conditions, and when to look again; and whether a person's action on
/// it has been acted on, so the annotation can go.
/// </summary>
public sealed record VersionPlan(
    string Name,
    int Replicas,
    ModelRole? Role,
    ModelVersionPhase Phase,
    bool Ready,
    string Reason,
    string Message,
    IReadOnlyList<RolloutEvent> Events)
{
    public CanaryProgress? Progress { get; init; }

    public int? Weight { get; init; }

    /// <summary>The canary's weight on a Gateway API route when it is not <see cref="Weight"/> (a promotion whose pods are still coming up).</summary>
    public int? RouteWeight { get; init; }

    public decimal? EffectiveWeight { get; init; }

    public PlanCondition? Progressing { get; init; }

    public PlanCondition? Degraded { get; init; }

    public PlanCondition? TrafficSplit { get; init; }

    public DateTimeOffset? PromotedAt { get; init; }

    public TimeSpan? RequeueAfter { get; init; }

    public bool ActionConsumed { get; init; }

    /// <summary>Whether a rollout (re)started in this pass, so the checks of an earlier attempt are cleared.</summary>
    public bool RolloutStarted { get; init; }
}
