using Sluice.Core.Api;

namespace Sluice.Core.Rollout;

/// <summary>
/// One version of a model as the serving plan sees it: its name, when it was created, the part it plays now, how it
/// asks to replace the Stable one, how many server pods it wants, and how many of its pods are Ready (null before its
/// Deployment exists).
/// </summary>
public sealed record ServedVersion(
    string Name,
    DateTimeOffset Created,
    ModelRole? Role,
    RolloutStrategy Strategy,
    int Replicas,
    int? ReadyReplicas);
