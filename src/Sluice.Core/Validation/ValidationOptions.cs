namespace Sluice.Core.Validation;

/// <summary>
/// What validation needs from outside the pure core. Time zones come from tzdata on disk, so the caller decides
/// how to look them up; without a lookup, time zones are not checked.
/// </summary>
public sealed record ValidationOptions
{
    public static ValidationOptions Default { get; } = new();

    /// <summary>Returns true when the IANA time zone exists.</summary>
    public Func<string, bool>? TimeZoneExists { get; init; }
}
