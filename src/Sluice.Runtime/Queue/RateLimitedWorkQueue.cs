namespace Sluice.Runtime.Queue;

/// <summary>
/// The controller work queue, with client-go's guarantees: a key added many times while it waits is queued
/// once; a key is never handed to two workers at once (a key added while it is processed is queued again
/// when the worker calls <see cref="Done"/>); failures back off per key through the rate limiter; and
/// <see cref="AddAfter"/> keeps only the earliest pending due time of a key.
/// Workers must call <see cref="Done"/> for every key they get, whatever the outcome.
/// </summary>
public sealed class RateLimitedWorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Dictionary<TKey, long> _addedAt = [];
    private readonly Dictionary<TKey, long> _startedAt = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _waiting = [];
    private readonly SemaphoreSlim _ready = new(0);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter<TKey> _limiter;
    private readonly IWorkQueueMetrics _metrics;

    public RateLimitedWorkQueue(TimeProvider time, IRateLimiter<TKey> limiter, IWorkQueueMetrics? metrics = null)
    {
        _time = time;
        _limiter = limiter;
        _metrics = metrics ?? NoWorkQueueMetrics.Instance;
    }

    /// <summary>Keys waiting for a worker (not those being processed or waiting for a delay).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShuttingDown => _shutdown.IsCancellationRequested;

    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds <paramref name="key"/> after <paramref name="delay"/>; an earlier pending add wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (IsShuttingDown)
            {
                return;
            }

            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var timer = _time.CreateTimer(_ => FireWaiting(key), null, delay, Timeout.InfiniteTimeSpan);
            _waiting[key] = (due, timer);
        }
    }

    /// <summary>Adds <paramref name="key"/> after the backoff its failure history calls for.</summary>
    public void AddRateLimited(TKey key)
    {
        _metrics.Retried();
        AddAfter(key, _limiter.When(key));
    }

    /// <summary>Clears the backoff of <paramref name="key"/>; call it when the key was handled successfully.</summary>
    public void Forget(TKey key) => _limiter.Forget(key);

    public int NumRequeues(TKey key) => _limiter.NumRequeues(key);

    /// <summary>
    /// Waits for the next key. Returns <c>(false, default)</c> once the queue is shut down and drained of
    /// nothing more to hand out; cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<(bool Ok, TKey Key)> GetAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await _ready.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, default!);
        }

        lock (_lock)
        {
            var key = _queue.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            var now = _time.GetTimestamp();
            if (_addedAt.Remove(key, out var added))
            {
                _metrics.Started(_time.GetElapsedTime(added, now));
            }

            _startedAt[key] = now;
            _metrics.DepthChanged(_queue.Count);
            return (true, key);
        }
    }

    /// <summary>Marks the worker done with <paramref name="key"/>; a key re-added meanwhile is queued now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_startedAt.Remove(key, out var started))
            {
                _metrics.Finished(_time.GetElapsedTime(started));
            }

            if (_dirty.Contains(key) && !IsShuttingDown)
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys: waiting workers get <c>Ok = false</c> and delayed adds are dropped.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            foreach (var (_, pending) in _waiting)
            {
                pending.Timer.Dispose();
            }

            _waiting.Clear();
            _shutdown.Cancel();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _shutdown.Dispose();
        _ready.Dispose();
    }

    private void FireWaiting(TKey key)
    {
        lock (_lock)
        {
            if (_waiting.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
                AddLocked(key);
            }
        }
    }

    private void AddLocked(TKey key)
    {
        if (IsShuttingDown || !_dirty.Add(key))
        {
            return;
        }

        _metrics.Added();
        _addedAt.TryAdd(key, _time.GetTimestamp());
        if (_processing.Contains(key))
        {
            return;
        }

        EnqueueLocked(key);
    }

    private void EnqueueLocked(TKey key)
    {
        _queue.Enqueue(key);
        _metrics.DepthChanged(_queue.Count);
        _ready.Release();
    }
}
