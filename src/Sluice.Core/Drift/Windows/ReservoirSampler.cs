namespace Sluice.Core.Drift.Windows;

/// <summary>
/// Decides which items of a stream of unknown length form a uniform random sample of at most
/// <see cref="Capacity"/> items (Li's Algorithm L): the first items fill the reservoir, then skip counts drawn from
/// the right geometric law say which later item replaces a random slot. The caller holds the items; this only
/// says where each one goes, and whether the next one will be kept at all before it is looked at, so a reader can
/// skip materialising the values of the many rows that are not kept.
/// </summary>
public sealed class ReservoirSampler
{
    private readonly SeededRandom _random;
    private double _w;
    private long _nextKept;

    public ReservoirSampler(int capacity, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _random = new SeededRandom(seed);
        _w = Math.Exp(Math.Log(_random.NextOpenDouble()) / capacity);
        _nextKept = capacity + Skip();
    }

    public int Capacity { get; }

    /// <summary>Items offered so far.</summary>
    public long Seen { get; private set; }

    /// <summary>Items in the reservoir.</summary>
    public int Count => (int)Math.Min(Seen, Capacity);

    /// <summary>Whether the next item offered will be kept.</summary>
    public bool NextIsKept => Seen < Capacity || Seen == _nextKept;

    /// <summary>Counts one item and returns the slot it goes to (replacing what was there), or -1 when it is not kept.</summary>
    public int Offer()
    {
        var index = Seen++;
        if (index < Capacity)
        {
            return (int)index;
        }

        if (index != _nextKept)
        {
            return -1;
        }

        var slot = _random.NextInt(Capacity);
        _w *= Math.Exp(Math.Log(_random.NextOpenDouble()) / Capacity);
        _nextKept = index + 1 + Skip();
        return slot;
    }

    // Items passed over before the next kept one: floor(log(u) / log(1 - w)), geometric with success probability w.
    private long Skip()
    {
        var skip = Math.Floor(Math.Log(_random.NextOpenDouble()) / Math.Log(1 - _w));
        return double.IsFinite(skip) && skip < long.MaxValue / 2 ? (long)skip : long.MaxValue / 2;
    }
}
