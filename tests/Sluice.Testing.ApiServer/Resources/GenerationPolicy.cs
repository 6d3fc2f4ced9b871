namespace Sluice.Testing.ApiServer.Resources;

/// <summary>
/// What the resource's registry strategy does with metadata.generation: set it to 1 on create and bump it on the
/// changes named here (PrepareForCreate/PrepareForUpdate of each pkg/registry/*/strategy.go), or never set it.
/// </summary>
internal enum GenerationPolicy
{
    /// <summary>The strategy sets no generation (Pods in 1.32, Services, ConfigMaps, Secrets, Events, Endpoints, Leases, RBAC, ...).</summary>
    None,

    /// <summary>Bumped when spec changes (ReplicaSets, Jobs, CronJobs, PodDisruptionBudgets, CRDs).</summary>
    Spec,

    /// <summary>Bumped when spec or annotations change: a Deployment copies its annotations to its ReplicaSets.</summary>
    SpecAndAnnotations,

    /// <summary>Bumped when anything outside metadata and status changes (custom resources).</summary>
    Content,
}
