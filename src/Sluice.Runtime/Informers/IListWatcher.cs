using k8s;
using k8s.Models;

namespace Sluice.Runtime.Informers;

/// <summary>One page of a list: its items, the token for the next page, and the list's resourceVersion.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continue, string ResourceVersion);

/// <summary>How an informer lists and watches one resource; one implementation per API shape.</summary>
public interface IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>One page of at most <paramref name="limit"/> objects; a 410 on an expired token throws.</summary>
    Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/> with bookmarks, ending after
    /// <paramref name="timeoutSeconds"/>. Throws <see cref="ResourceVersionExpiredException"/> on a 410.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, CancellationToken cancellationToken);
}
