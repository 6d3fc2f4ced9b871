namespace Sluice.Steps.Data;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed by its definition, unlike <see cref="Random"/>, so a seed gives
/// the same split on every .NET version and platform.
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = (int)(Next() % (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
