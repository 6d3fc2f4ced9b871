using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sluice.Runtime.Informers;

/// <summary>
/// One informer per watched namespace (or a single cluster-wide one), read as one cache. An operator told to
/// watch a list of namespaces needs only list/watch permission in those, as controller-runtime's multi-namespace
/// cache does.
/// </summary>
public sealed class InformerGroup<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, SharedInformer<T>> _byNamespace = new(StringComparer.Ordinal);
    private readonly SharedInformer<T>? _clusterWide;

    /// <param name="namespaces">Namespaces to watch; empty watches all.</param>
    /// <param name="source">The list/watch source for a namespace (null for all namespaces).</param>
    public InformerGroup(
        IReadOnlyList<string> namespaces,
        Func<string?, IListWatcher<T>> source,
        TimeProvider time,
        ILogger logger,
        InformerOptions? options = null)
    {
        if (namespaces.Count == 0)
        {
            _clusterWide = new SharedInformer<T>(source(null), time, logger, options);
            return;
        }

        foreach (var ns in namespaces)
        {
            _byNamespace[ns] = new SharedInformer<T>(source(ns), time, logger, options);
        }
    }

    public bool HasSynced => Informers.All(i => i.HasSynced);

    private IEnumerable<SharedInformer<T>> Informers => _clusterWide is not null ? [_clusterWide] : _byNamespace.Values;

    /// <summary>Adds a handler called with (old, new) for every informer of the group.</summary>
    public void AddHandler(Action<T?, T?> handler)
    {
        foreach (var informer in Informers)
        {
            informer.AddHandler(handler);
        }
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Informers.Select(i => i.RunAsync(cancellationToken)));

    public T? Get(ObjectKey key) => CacheFor(key.Namespace)?.Get(key);

    public IReadOnlyList<T> List() => [.. Informers.SelectMany(i => i.Cache.List())];

    public IReadOnlyList<T> ListByControllerUid(string ownerUid) =>
        [.. Informers.SelectMany(i => i.Cache.ListByControllerUid(ownerUid))];

    /// <summary>
    /// Records an object this process just wrote, so the next reconcile reads its own write instead of a
    /// version the watch has not delivered yet. Handlers hear of it as an update; the watch event that
    /// follows carries the same resourceVersion and changes nothing.
    /// </summary>
    public void Remember(T written) => InformerFor(written.Metadata.NamespaceProperty)?.Remember(written);

    /// <summary>Whether objects in <paramref name="ns"/> are watched at all.</summary>
    public bool Watches(string? ns) => _clusterWide is not null || (ns is not null && _byNamespace.ContainsKey(ns));

    private ObjectCache<T>? CacheFor(string? ns) => InformerFor(ns)?.Cache;

    private SharedInformer<T>? InformerFor(string? ns) =>
        _clusterWide ?? (ns is not null && _byNamespace.TryGetValue(ns, out var informer) ? informer : null);
}
