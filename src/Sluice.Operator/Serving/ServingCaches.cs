using k8s.Models;
using Sluice.Operator.Resources;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Serving;

/// <summary>The informer caches the ModelVersion controller reads: the versions and the Deployments and Services serving them.</summary>
internal sealed record ServingCaches(
    InformerGroup<ModelVersionResource> ModelVersions,
    InformerGroup<V1Deployment> Deployments,
    InformerGroup<V1Service> Services)
{
    /// <summary>The label selector of every serving object, so the caches hold only those.</summary>
    public const string Selector = ServingLabels.ManagedBy + "=" + ServingLabels.ManagedByValue + "," + ServingLabels.Model;
}
