using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// One version of a model as the serving plan sees it: its name, when it was created, the part it plays now, how it
/// asks to replace the Stable one, how many server pods it wants, and how many of its pods are Ready (null before its
/// Deployment exists). A rollout in flight adds its phase and stored progress, the canary's steps and analysis,
/// its pods' restarts, when it became Stable, and a person's pending action.
/// </summary>
public sealed record ServedVersion(
    string Name,
    DateTimeOffset Created,
    ModelRole? Role,
    RolloutStrategy Strategy,
    int Replicas,
    int? ReadyReplicas)
{
    public ModelVersionPhase? Phase { get; init; }

    public CanaryProgress? Progress { get; init; }

    public RolloutSpec? Rollout { get; init; }

    public int Restarts { get; init; }

    /// <summary>What is wrong with its pods, as the kubelet reports it (the last crash's exit code and message, OOMKilled, image pull).</summary>
    public string? PodProblem { get; init; }

    public DateTimeOffset? PromotedAt { get; init; }

    public RolloutAction? Action { get; init; }

    /// <summary>
    /// Why a retired version stopped serving, as its Ready condition said when it was retired (Superseded, Retired
    /// after a canary, ...), so later passes keep the cause rather than a generic "retired".
    /// </summary>
    public PlanCondition? RetiredBecause { get; init; }

    /// <summary>Why an aborted version was aborted, as its Degraded condition says, so later passes keep saying it.</summary>
    public PlanCondition? AbortedBecause { get; init; }

    /// <summary>The annotation's text when it names no action, so the plan can say so.</summary>
    public string? UnknownAction { get; init; }
}
