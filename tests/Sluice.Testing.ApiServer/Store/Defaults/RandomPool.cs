namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// A range of numbers handed out at random, as the service IP and node port bitmap allocators do: a random free
/// one from the dynamic band [<paramref name="dynamicFrom"/>, <paramref name="last"/>], the lower static band
/// (kept for values users ask for, KEP-3070/KEP-3668) only once the dynamic one is full.
/// </summary>
internal sealed class RandomPool(long first, long last, long dynamicFrom)
{
    private readonly HashSet<long> used = [];
    private readonly Random random = new();

    public bool InRange(long value) => value >= first && value <= last;

    public bool IsUsed(long value) => used.Contains(value);

    /// <summary>Takes a value a user asked for; false when it is taken or outside the range.</summary>
    public bool TryTake(long value) => InRange(value) && used.Add(value);

    public long? TakeNext() => TakeIn(dynamicFrom, last) ?? TakeIn(first, dynamicFrom - 1);

    public void Release(long value) => used.Remove(value);

    private long? TakeIn(long low, long high)
    {
        var size = high - low + 1;
        if (size <= 0)
        {
            return null;
        }
        var start = random.NextInt64(size);
        for (var i = 0L; i < size; i++)
        {
            var candidate = low + ((start + i) % size);
            if (used.Add(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
