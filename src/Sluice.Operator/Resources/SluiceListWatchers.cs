using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Resources;

/// <summary>List/watch sources for the sluice.dev custom resources, cluster-wide (null namespace) or in one namespace.</summary>
internal static class SluiceListWatchers
{
    public static IListWatcher<T> For<T>(IKubernetes client, string plural, string? ns)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        new KubernetesListWatcher<T, CustomResourceList<T>>((cont, limit, rv, watch, timeout, ct) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<CustomResourceList<T>>(
                ApiGroup.Group, ApiGroup.Version, plural, allowWatchBookmarks: watch ? true : null,
                continueParameter: cont, limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch,
                cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<CustomResourceList<T>>(
                ApiGroup.Group, ApiGroup.Version, ns, plural, allowWatchBookmarks: watch ? true : null,
                continueParameter: cont, limit: limit, resourceVersion: rv, timeoutSeconds: timeout, watch: watch,
                cancellationToken: ct));
}
