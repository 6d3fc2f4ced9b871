namespace Sluice.Core.Monitoring;

/// <summary>
/// Window arithmetic. Windows end on multiples of the interval since the Unix epoch (an hourly window ends on the
/// hour, a daily one at UTC midnight) and cover the <c>duration</c> before their end, so by default they tile time.
/// The first window is the one in which the monitor was created; each next one ends an interval after the
/// watermark (the end of the last evaluated window), so a restart resumes where evaluation stopped.
/// </summary>
public static class DriftWindows
{
    /// <summary>Windows behind this many intervals are not all evaluated: the oldest are skipped, and said so.</summary>
    public const int MaxCatchUp = 24;

    public static DateTimeOffset AlignDown(DateTimeOffset time, TimeSpan interval)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var floor = ticks - (((ticks % interval.Ticks) + interval.Ticks) % interval.Ticks);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floor, TimeSpan.Zero);
    }

    /// <summary>The next window to evaluate and how many earlier ones were skipped because evaluation fell too far behind.</summary>
    public static (WindowSpan Window, int Skipped) Next(DateTimeOffset? watermark, DateTimeOffset created, DateTimeOffset now, DriftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var end = watermark is { } w ? w + settings.Interval : AlignDown(created, settings.Interval) + settings.Interval;
        var latestClosed = AlignDown(now - settings.AllowedLateness, settings.Interval);
        var behind = (int)Math.Min(int.MaxValue, (latestClosed - end).Ticks / settings.Interval.Ticks);
        var skipped = 0;
        if (behind > MaxCatchUp)
        {
            skipped = behind - MaxCatchUp;
            end += settings.Interval * skipped;
        }

        return (new WindowSpan(end - settings.Duration, end), skipped);
    }

    /// <summary>When a window may be evaluated: after its end and the lateness allowed for log files.</summary>
    public static DateTimeOffset DueAt(WindowSpan window, DriftSettings settings) => window.End + settings.AllowedLateness;
}
