namespace Sluice.Core.Scheduling;

/// <summary>
/// Turns a cron's wall-clock times in a time zone into instants. A time skipped by a daylight-saving jump (02:30 on
/// the spring-forward night) fires at the end of the gap, as Vixie cron does; a time that happens twice (01:30 on the
/// fall-back night) fires once, at its first occurrence.
/// </summary>
internal static class ScheduleClock
{
    /// <summary>The first scheduled instant strictly after <paramref name="after"/>, or null when the cron never fires.</summary>
    public static DateTimeOffset? NextAfter(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after)
    {
        var wall = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        while (cron.NextAfter(wall) is { } next)
        {
            var instant = ToInstant(next, zone);
            if (instant > after)
            {
                return instant;
            }

            // Only during a repeated hour can a later wall time map to an earlier instant; keep walking.
            wall = next;
        }

        return null;
    }

    private static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            var end = wall;
            do
            {
                end = end.AddMinutes(1);
            }
            while (zone.IsInvalidTime(end));

            // Skipped wall times run at the gap's end: the first valid minute, whose instant follows the gap directly.
            return new DateTimeOffset(end, zone.GetUtcOffset(end));
        }

        if (zone.IsAmbiguousTime(wall))
        {
            var earliest = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, earliest);
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
