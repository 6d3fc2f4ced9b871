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

    /// <summary>A serving pod keeps what a rollout reads: its IP (for /metrics), readiness, restarts and its version label.</summary>
    public static V1Pod ServingPod(V1Pod pod) => new()
    {
        ApiVersion = pod.ApiVersion,
        Kind = pod.Kind,
        Metadata = Metadata(pod).Metadata,
        Status = pod.Status is null ? null : new V1PodStatus
        {
            Phase = pod.Status.Phase,
            PodIP = pod.Status.PodIP,
            Conditions = pod.Status.Conditions,
            ContainerStatuses = pod.Status.ContainerStatuses?.Select(c => new V1ContainerStatus
            {
                Name = c.Name, Image = c.Image, ImageID = c.ImageID, Ready = c.Ready, RestartCount = c.RestartCount, State = c.State, LastState = c.LastState,
            }).ToList(),
        },
    };

    /// <summary>Whether the pod's Ready condition is True.</summary>
    public static bool Ready(V1Pod pod) => pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static V1Job Job(V1Job job) => new()
    {
        ApiVersion = job.ApiVersion,
        Kind = job.Kind,
        Metadata = Metadata(job).Metadata,
        Spec = job.Spec is null ? null : new V1JobSpec { ActiveDeadlineSeconds = job.Spec.ActiveDeadlineSeconds, Template = new V1PodTemplateSpec() },
        Status = job.Status,
    };
}
