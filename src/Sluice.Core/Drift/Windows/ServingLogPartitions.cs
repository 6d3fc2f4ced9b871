using System.Globalization;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The key layout of serving logs (docs/serving-logs.md): <c>serving-logs/NS/MODEL/VERSION/yyyy/MM/dd/HH/</c>, one
/// directory per UTC hour of the rows' timestamps, and object names that start with the first row's time. A window
/// reads only the hours it overlaps, so a drift job's cost follows the window, not the model's history.
/// </summary>
public static class ServingLogPartitions
{
    public const string Root = "serving-logs";

    public const string Extension = ".jsonl";

    /// <summary>A year of hours: a longer window is a typo (a wrong year), not a drift window.</summary>
    public const int MaxHours = 366 * 24;

    private const string NameTimestampFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>
    /// The prefix of every UTC hour that overlaps [<paramref name="start"/>, <paramref name="end"/>), in time
    /// (and key) order.
    /// </summary>
    public static IReadOnlyList<string> HourPrefixes(string @namespace, string model, string version, DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException($"the window ends ({Rfc3339(end)}) at or before it starts ({Rfc3339(start)})", nameof(end));
        }

        var first = start.UtcDateTime;
        var hour = new DateTime(first.Year, first.Month, first.Day, first.Hour, 0, 0, DateTimeKind.Utc);
        var hours = (int)Math.Min(int.MaxValue, Math.Ceiling((end.UtcDateTime - hour).TotalHours));
        if (hours > MaxHours)
        {
            throw new ArgumentException($"the window spans {hours} hours; at most {MaxHours} (a year) are read", nameof(end));
        }

        var prefix = $"{Root}/{@namespace}/{model}/{version}/";
        var prefixes = new List<string>(hours);
        for (; hour < end.UtcDateTime; hour = hour.AddHours(1))
        {
            prefixes.Add(prefix + hour.ToString("yyyy'/'MM'/'dd'/'HH'/'", CultureInfo.InvariantCulture));
        }

        return prefixes;
    }

    /// <summary>
    /// Whether an object may hold rows before <paramref name="end"/>: a serving-log object whose name's timestamp
    /// (its first row) is at or after the end cannot, so it is skipped unread. Keys that are not <c>.jsonl</c>
    /// (checksum sidecars) are no log objects at all; a name without a timestamp is read to be safe.
    /// </summary>
    public static bool MayHoldRowsBefore(string key, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        return TryNameTimestamp(key, out var first) is false || first < end;
    }

    /// <summary>
    /// Whether an object may hold rows at or after <paramref name="from"/>, given that its rows start at the time in
    /// its name and span at most the caller's allowance (subtracted from <paramref name="from"/> already). A name
    /// without a timestamp is read to be safe.
    /// </summary>
    public static bool MayHoldRowsFrom(string key, DateTimeOffset from)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryNameTimestamp(key, out var first) is false || first >= from;
    }

    /// <summary>The time of the first row, from an object name <c>yyyyMMddTHHmmssfffZ-XXXXXXXX.jsonl</c>.</summary>
    public static bool TryNameTimestamp(string key, out DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key[(key.LastIndexOf('/') + 1)..];
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return DateTimeOffset.TryParseExact(dash < 0 ? name : name[..dash], NameTimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    /// <summary>RFC 3339 in UTC with a <c>Z</c>, with milliseconds only when there are any.</summary>
    public static string Rfc3339(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses an RFC 3339 time (an offset or <c>Z</c>; none means UTC).</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>Whether a namespace, model or version can be one segment of a key.</summary>
    public static bool IsSegment(string? value) =>
        !string.IsNullOrWhiteSpace(value) && !value.Contains('/', StringComparison.Ordinal) && value is not "." and not "..";
}
