using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests;

public sealed class CronExpressionTests
{
    [Theory]
    [InlineData("*/15 * * * *", "2026-11-23T10:07", "2026-11-23T10:15")]
    [InlineData("0 3 * * 1", "2026-11-23T10:00", "2026-11-30T03:00")]
    [InlineData("@daily", "2026-11-23T10:00", "2026-11-24T00:00")]
    [InlineData("@hourly", "2026-11-23T10:00", "2026-11-23T11:00")]
    [InlineData("0 0 1 JAN *", "2026-11-23T10:00", "2027-01-01T00:00")]
    [InlineData("30 9 * * MON-FRI", "2026-11-28T10:00", "2026-11-30T09:30")]
    [InlineData("0 12 1,15 * *", "2026-11-02T00:00", "2026-11-15T12:00")]
    [InlineData("0 0 * * 7", "2026-11-23T10:00", "2026-11-29T00:00")]
    public void Finds_the_next_time(string cron, string after, string expected)
    {
        var next = CronExpression.Parse(cron).NextAfter(DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("60 * * * *", "minute field \"60\"")]
    [InlineData("* 24 * * *", "hour field")]
    [InlineData("* * * FOO *", "month field")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("5-1 * * * *", "runs backwards")]
    [InlineData("@fortnightly", "unknown cron macro")]
    [InlineData("", "empty")]
    public void Rejects_invalid_expressions(string cron, string expected)
    {
        Assert.False(CronExpression.TryParse(cron, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
