using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class ServingLogPartitionsTests
{
    [Theory]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", "2026/11/23/10")]
    [InlineData("2026-11-23T10:30:00Z", "2026-11-23T10:45:00Z", "2026/11/23/10")]
    [InlineData("2026-11-23T10:59:59.999Z", "2026-11-23T11:00:00.001Z", "2026/11/23/10 2026/11/23/11")]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T12:00:00Z", "2026/11/23/10 2026/11/23/11")]
    [InlineData("2026-12-31T23:30:00Z", "2027-01-01T01:00:00Z", "2026/12/31/23 2027/01/01/00")]
    [InlineData("2026-11-23T12:30:00+02:00", "2026-11-23T11:30:00Z", "2026/11/23/10 2026/11/23/11")]
    [InlineData("2028-02-28T23:00:00Z", "2028-02-29T01:00:00Z", "2028/02/28/23 2028/02/29/00")]
    public void Every_utc_hour_overlapping_the_window_is_listed_once_in_order(string start, string end, string hours)
    {
        Assert.True(ServingLogPartitions.TryParseTime(start, out var s));
        Assert.True(ServingLogPartitions.TryParseTime(end, out var e));
        var expected = hours.Split(' ').Select(h => $"serving-logs/prod/bc/v1/{h}/");
        Assert.Equal(expected, ServingLogPartitions.HourPrefixes("prod", "bc", "v1", s, e));
    }

    [Theory]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z", "at or before it starts")]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z", "at or before it starts")]
    [InlineData("2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "at most 8784")]
    public void Empty_backward_and_absurd_windows_are_refused(string start, string end, string message)
    {
        ServingLogPartitions.TryParseTime(start, out var s);
        ServingLogPartitions.TryParseTime(end, out var e);
        var error = Assert.Throws<ArgumentException>(() => ServingLogPartitions.HourPrefixes("prod", "bc", "v1", s, e));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/20261123T105959999Z-0a1b2c3d.jsonl", true)]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/20261123T110000000Z-0a1b2c3d.jsonl", false)]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/20261123T113000000Z-0a1b2c3d.jsonl", false)]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/20261123T105959999Z-0a1b2c3d.jsonl.sha256", false)]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/rows.jsonl", true)]
    [InlineData("serving-logs/p/bc/v1/2026/11/23/10/rows.json", false)]
    public void Objects_named_at_or_after_the_end_and_non_jsonl_keys_are_not_read(string key, bool read) =>
        Assert.Equal(read, ServingLogPartitions.MayHoldRowsBefore(key, new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z")]
    [InlineData("2026-11-23T10:00:00.5Z", "2026-11-23T10:00:00.5Z")]
    [InlineData("2026-11-23T12:00:00+02:00", "2026-11-23T10:00:00Z")]
    public void Times_print_as_rfc3339_utc(string text, string printed)
    {
        Assert.True(ServingLogPartitions.TryParseTime(text, out var time));
        Assert.Equal(printed, ServingLogPartitions.Rfc3339(time));
    }
}
