using k8s;
using k8s.Models;

namespace Sluice.Runtime.Informers;

/// <summary>List/watch sources for the resources the controllers watch, cluster-wide or in one namespace.</summary>
public static class ListWatchers
{
    public static IListWatcher<V1Job> Jobs(IKubernetes client, string? ns, string? labelSelector = null) =>
        new KubernetesListWatcher<V1Job, V1JobList>((cont, limit, rv, watch, timeout, ct) => ns is null
            ? client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct)
            : client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(
                ns, allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct));

    public static IListWatcher<V1Pod> Pods(IKubernetes client, string? ns, string? labelSelector) =>
        new KubernetesListWatcher<V1Pod, V1PodList>((cont, limit, rv, watch, timeout, ct) => ns is null
            ? client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(
                ns, allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct));

    public static IListWatcher<V1Deployment> Deployments(IKubernetes client, string? ns, string? labelSelector) =>
        new KubernetesListWatcher<V1Deployment, V1DeploymentList>((cont, limit, rv, watch, timeout, ct) => ns is null
            ? client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct)
            : client.AppsV1.ListNamespacedDeploymentWithHttpMessagesAsync(
                ns, allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct));

    public static IListWatcher<V1Service> Services(IKubernetes client, string? ns, string? labelSelector) =>
        new KubernetesListWatcher<V1Service, V1ServiceList>((cont, limit, rv, watch, timeout, ct) => ns is null
            ? client.CoreV1.ListServiceForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct)
            : client.CoreV1.ListNamespacedServiceWithHttpMessagesAsync(
                ns, allowWatchBookmarks: watch ? true : null, continueParameter: cont, labelSelector: labelSelector,
                limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch, cancellationToken: ct));
}
