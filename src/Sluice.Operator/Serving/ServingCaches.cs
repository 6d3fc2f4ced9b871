using k8s.Models;
using Sluice.Operator.Resources;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Serving;

/// <summary>
/// The informer caches the ModelVersion controller reads: the versions, the Deployments and Services serving them,
/// and the server pods (their IPs for analysis, their readiness and restarts for the canary's health).
/// </summary>
internal sealed record ServingCaches(
    InformerGroup<ModelVersionResource> ModelVersions,
    InformerGroup<V1Deployment> Deployments,
    InformerGroup<V1Service> Services,
    InformerGroup<V1Pod> Pods)
{
    /// <summary>The label selector of every serving object, so the caches hold only those.</summary>
    public const string Selector = ServingLabels.ManagedBy + "=" + ServingLabels.ManagedByValue + "," + ServingLabels.Model;
}
