namespace Sluice.Runtime.Queue;

/// <summary>Decides how long a key waits before it is retried, from how often it has failed.</summary>
public interface IRateLimiter<in TKey>
{
    /// <summary>Records one more failure of <paramref name="key"/> and returns how long it should wait.</summary>
    TimeSpan When(TKey key);

    /// <summary>Clears the failure history of <paramref name="key"/> (after a success).</summary>
    void Forget(TKey key);

    /// <summary>How many times <paramref name="key"/> has failed since it was last forgotten.</summary>
    int NumRequeues(TKey key);
}
