namespace Sluice.Core.Scheduling;

/// <summary>
/// A five-field cron expression (minute hour day-of-month month day-of-week) as Kubernetes CronJobs accept it:
/// lists, ranges, steps, month and weekday names, and the macros @yearly, @annually, @monthly, @weekly, @daily,
/// @midnight and @hourly. Day-of-month and day-of-week combine like Vixie cron: when both are restricted, either
/// may match. Times are wall-clock times of the schedule's zone; converting zones is the caller's job.
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *", ["@annually"] = "0 0 1 1 *", ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0", ["@daily"] = "0 0 * * *", ["@midnight"] = "0 0 * * *", ["@hourly"] = "0 * * * *",
    };

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _dayRestricted;
    private readonly bool _weekdayRestricted;

    private CronExpression(string text, bool[][] fields, bool dayRestricted, bool weekdayRestricted)
    {
        Text = text;
        (_minutes, _hours, _days, _months, _weekdays) = (fields[0], fields[1], fields[2], fields[3], fields[4]);
        (_dayRestricted, _weekdayRestricted) = (dayRestricted, weekdayRestricted);
    }

    public string Text { get; }

    public static CronExpression Parse(string text) =>
        TryParse(text, out var cron, out var error) ? cron! : throw new FormatException(error);

    public static bool TryParse(string? text, out CronExpression? cron, out string error)
    {
        cron = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "cron expression is empty; write five fields (minute hour day-of-month month day-of-week) or a macro such as @daily";
            return false;
        }

        var expanded = text.Trim();
        if (expanded.StartsWith('@'))
        {
            if (!Macros.TryGetValue(expanded, out var macro))
            {
                error = $"unknown cron macro \"{expanded}\"; use one of {string.Join(", ", Macros.Keys)}";
                return false;
            }

            expanded = macro;
        }

        var parts = expanded.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            error = $"cron expression \"{text}\" has {parts.Length} fields; write five (minute hour day-of-month month day-of-week)";
            return false;
        }

        (string Name, int Min, int Max, string[]? Names)[] specs =
        [
            ("minute", 0, 59, null), ("hour", 0, 23, null), ("day-of-month", 1, 31, null),
            ("month", 1, 12, MonthNames), ("day-of-week", 0, 7, DayNames),
        ];
        var fields = new bool[5][];
        for (var i = 0; i < 5; i++)
        {
            var (name, min, max, names) = specs[i];
            if (!TryParseField(parts[i], min, max, names, out fields[i], out var fieldError))
            {
                error = $"cron {name} field \"{parts[i]}\": {fieldError}";
                return false;
            }
        }

        fields[4][0] |= fields[4][7];
        cron = new CronExpression(text, fields, parts[2] != "*" && parts[2] != "?", parts[4] != "*" && parts[4] != "?");
        return true;
    }

    /// <summary>The first matching minute strictly after <paramref name="after"/> (wall-clock time), or null within 5 years.</summary>
    public DateTime? NextAfter(DateTime after)
    {
        var t = new DateTime(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, after.Kind).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, t.Kind).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind).AddHours(1);
                continue;
            }

            if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
                continue;
            }

            return t;
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var day = _days[t.Day];
        var weekday = _weekdays[(int)t.DayOfWeek];
        return _dayRestricted && _weekdayRestricted ? day || weekday : day && weekday;
    }

    private static bool TryParseField(string field, int min, int max, string[]? names, out bool[] set, out string error)
    {
        set = new bool[max + 1];
        error = "";
        foreach (var item in field.Split(','))
        {
            var step = 1;
            var rangePart = item;
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                if (!int.TryParse(item[(slash + 1)..], out step) || step < 1)
                {
                    error = $"step \"{item[(slash + 1)..]}\" is not a positive number";
                    return false;
                }

                rangePart = item[..slash];
            }

            int low, high;
            if (rangePart is "*" or "?")
            {
                (low, high) = (min, names == DayNames ? 6 : max);
            }
            else
            {
                var dash = rangePart.IndexOf('-', StringComparison.Ordinal);
                if (!TryValue(dash >= 0 ? rangePart[..dash] : rangePart, min, max, names, out low, out error))
                {
                    return false;
                }

                high = slash >= 0 && dash < 0 ? max : low;
                if (dash >= 0 && !TryValue(rangePart[(dash + 1)..], min, max, names, out high, out error))
                {
                    return false;
                }

                if (high < low)
                {
                    error = $"range {rangePart} runs backwards";
                    return false;
                }
            }

            for (var v = low; v <= high; v += step)
            {
                set[v] = true;
            }
        }

        return true;
    }

    private static bool TryValue(string text, int min, int max, string[]? names, out int value, out string error)
    {
        error = "";
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                value = names == MonthNames ? index + 1 : index;
                return true;
            }
        }

        if (!int.TryParse(text, out value) || value < min || value > max)
        {
            error = $"\"{text}\" is not a value from {min} to {max}" + (names is null ? "" : $" or a name ({string.Join(", ", names)})");
            return false;
        }

        return true;
    }
}
