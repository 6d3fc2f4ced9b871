using k8s;
using k8s.Models;

namespace Sluice.Operator;

/// <summary>
/// What the caches keep of each object: only what the reconcilers read. managedFields and kubectl's
/// last-applied annotation are dropped everywhere; a pod keeps its containers' names, images and resources and
/// its status; a Job keeps its deadline and status. At thousands of runs this is most of the operator's memory.
/// </summary>
internal static class CacheTransforms
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    public static T Metadata<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ManagedFields = null;
        obj.Metadata.Annotations?.Remove(LastApplied);
        return obj;
    }

    public static V1Pod Pod(V1Pod pod) => new()
    {
        ApiVersion = pod.ApiVersion,
        Kind = pod.Kind,
        Metadata = Metadata(pod).Metadata,
        Spec = new V1PodSpec
        {
            Containers = [.. (pod.Spec?.Containers ?? []).Select(c => new V1Container { Name = c.Name, Image = c.Image, Resources = c.Resources })],
        },
        Status = pod.Status is null ? null : new V1PodStatus
        {
            Phase = pod.Status.Phase,
            Conditions = pod.Status.Conditions,
            ContainerStatuses = pod.Status.ContainerStatuses,
        },
    };

    public static V1Job Job(V1Job job) => new()
    {
        ApiVersion = job.ApiVersion,
        Kind = job.Kind,
        Metadata = Metadata(job).Metadata,
        Spec = job.Spec is null ? null : new V1JobSpec { ActiveDeadlineSeconds = job.Spec.ActiveDeadlineSeconds, Template = new V1PodTemplateSpec() },
        Status = job.Status,
    };
}
