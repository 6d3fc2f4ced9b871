namespace Sluice.Runtime.Queue;

/// <summary>
/// Per-key exponential backoff, as client-go's <c>ItemExponentialFailureRateLimiter</c>: the n-th failure of a
/// key waits <c>baseDelay * 2^(n-1)</c>, capped at <c>maxDelay</c>. The defaults (5 ms doubling to 1000 s) are
/// controller-runtime's, so a persistently failing object costs almost nothing while a transient error is
/// retried at once.
/// </summary>
public sealed class ExponentialFailureRateLimiter<TKey>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<TKey>
    where TKey : notnull
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(5);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(1000);

    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Lock _lock = new();

    public ExponentialFailureRateLimiter()
        : this(DefaultBaseDelay, DefaultMaxDelay)
    {
    }

    public TimeSpan When(TKey key)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(key);
            _failures[key] = exponent + 1;
        }

        // 2^exponent overflows long ticks quickly; once past the cap there is nothing left to compute.
        var delayTicks = baseDelay.Ticks * Math.Pow(2, exponent);
        return delayTicks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)delayTicks);
    }

    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }
}
