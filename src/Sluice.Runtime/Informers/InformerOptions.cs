namespace Sluice.Runtime.Informers;

/// <summary>Tuning of a shared informer; the defaults follow client-go's reflector.</summary>
public sealed record InformerOptions
{
    /// <summary>Objects per list page, so a large list never lands in one response.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// The base watch timeout; each watch asks for a random value between this and twice this, so many
    /// replicas and resources do not all re-watch at the same moment.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A watch that delivers nothing (not even a bookmark) for this long past its timeout is considered
    /// dead (a half-open connection) and is dropped.
    /// </summary>
    public TimeSpan IdleGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before re-listing after an unexpected error; doubles up to <see cref="MaxErrorBackoff"/>.</summary>
    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxErrorBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
