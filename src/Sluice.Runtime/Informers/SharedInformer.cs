using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sluice.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="ObjectCache{T}"/> in step with the API server, as client-go's reflector does: a paged
/// list, then a watch from the list's resourceVersion (with bookmarks so the resume point stays fresh), re-watch
/// when the server ends the watch, and on 410 Gone or any error a full re-list that also reports objects deleted
/// while no watch was open. Handlers run on the informer's loop, so they must be quick (enqueue a key).
/// An optional transform trims each object before it is cached.
/// </summary>
public sealed partial class SharedInformer<T>(
    IListWatcher<T> source,
    TimeProvider time,
    ILogger logger,
    InformerOptions? options = null,
    Func<T, T>? transform = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly InformerOptions _options = options ?? new InformerOptions();
    private readonly List<Action<T?, T?>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _applyLock = new();
    private string _resourceVersion = "";

    public ObjectCache<T> Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Completes once the first full list is in the cache.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Adds a handler called with (old, new): old is null on add, new is null on delete. Register before
    /// <see cref="RunAsync"/>.
    /// </summary>
    public void AddHandler(Action<T?, T?> handler) => _handlers.Add(handler);

    /// <summary>
    /// Stores an object this process just wrote and tells the handlers, so readers of the cache see their own
    /// write at once; the watch event that follows carries the same resourceVersion and changes nothing.
    /// </summary>
    public void Remember(T written)
    {
        Apply(WatchEventType.Modified, written);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = _options.ErrorBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListAsync(cancellationToken).ConfigureAwait(false);
                backoff = _options.ErrorBackoff;
                while (true)
                {
                    await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ResourceVersionExpiredException e)
            {
                LogExpired(typeof(T).Name, e.Message);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogWatchFailed(e, typeof(T).Name, backoff.TotalMilliseconds);
                try
                {
                    await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxErrorBackoff.Ticks));
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<ObjectKey>();
        string? continueToken = null;
        string resourceVersion;
        do
        {
            var page = await source.ListAsync(continueToken, _options.PageSize, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                seen.Add(ObjectKey.Of(item));
                Apply(WatchEventType.Modified, item);
            }

            continueToken = page.Continue;
            resourceVersion = page.ResourceVersion;
        }
        while (!string.IsNullOrEmpty(continueToken));

        // Whatever the cache holds that the fresh list lacks was deleted while we were not watching.
        foreach (var key in Cache.Keys().Where(k => !seen.Contains(k)))
        {
            if (Cache.Remove(key) is { } gone)
            {
                Notify(gone, null);
            }
        }

        _resourceVersion = resourceVersion;
        _synced.TrySetResult();
        LogListed(typeof(T).Name, Cache.Count, resourceVersion);
    }

    private async Task WatchOnceAsync(CancellationToken cancellationToken)
    {
        var timeout = _options.MinWatchTimeout * (1 + Random.Shared.NextDouble());
        var idleLimit = timeout + _options.IdleGrace;
        // The idle timer runs on the informer's clock, so tests with a manual clock can trip it.
        using var idle = new CancellationTokenSource(idleLimit, time);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        try
        {
            await foreach (var (type, obj) in source
                .WatchAsync(_resourceVersion, (int)timeout.TotalSeconds, watchdog.Token)
                .ConfigureAwait(false))
            {
                idle.CancelAfter(idleLimit);
                if (type != WatchEventType.Bookmark)
                {
                    Apply(type, obj);
                }

                if (!string.IsNullOrEmpty(obj.Metadata?.ResourceVersion))
                {
                    _resourceVersion = obj.Metadata.ResourceVersion;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogIdle(typeof(T).Name, idleLimit.TotalSeconds);
        }
    }

    private void Apply(WatchEventType type, T obj)
    {
        // The transform (controller-runtime's cache transform) drops what no reconciler reads, such as
        // managedFields and most of a pod's spec, so the cache of thousands of objects stays small.
        obj = transform is null ? obj : transform(obj);
        lock (_applyLock)
        {
            ApplyLocked(type, obj);
        }
    }

    private void ApplyLocked(WatchEventType type, T obj)
    {
        if (type == WatchEventType.Deleted)
        {
            Notify(Cache.Remove(ObjectKey.Of(obj)) ?? obj, null);
            return;
        }

        var key = ObjectKey.Of(obj);
        if (Cache.Get(key) is { } cached && IsOlder(obj, cached))
        {
            return;
        }

        var old = Cache.Upsert(obj);
        if (old is null || old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
        {
            Notify(old, obj);
        }
    }

    /// <summary>
    /// After <see cref="Remember"/>, the watch may still deliver versions older than the remembered write;
    /// taking them would hand reconcilers a stale object and a certain 409. resourceVersions are opaque by
    /// contract, so they are compared only when both are integers (as etcd's are); otherwise the event wins.
    /// </summary>
    private static bool IsOlder(T incoming, T cached) =>
        long.TryParse(incoming.Metadata.ResourceVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) &&
        long.TryParse(cached.Metadata.ResourceVersion, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b) &&
        a < b;

    private void Notify(T? old, T? current)
    {
        foreach (var handler in _handlers)
        {
            handler(old, current);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Kind}: {Count} objects at resourceVersion {ResourceVersion}")]
    private partial void LogListed(string kind, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Kind} expired ({Reason}); re-listing")]
    private partial void LogExpired(string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} failed; re-listing in {DelayMs} ms")]
    private partial void LogWatchFailed(Exception error, string kind, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Kind} was idle for {Seconds} s; reconnecting")]
    private partial void LogIdle(string kind, double seconds);
}
