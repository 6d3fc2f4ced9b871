using Sluice.Core.Monitoring;

namespace Sluice.Core.Tests.Monitoring;

public sealed class DriftWindowsTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static DriftSettings Settings(string interval, string? duration = null, string lateness = "1m") => DriftSettings.From(new Api.DriftMonitorSpec
    {
        Model = "m",
        Interval = interval,
        Window = new Api.DriftWindow { Duration = duration, AllowedLateness = lateness },
    });

    [Theory]
    [InlineData("2026-12-07T10:17:45Z", "1h", "2026-12-07T10:00:00Z")]
    [InlineData("2026-12-07T10:00:00Z", "1h", "2026-12-07T10:00:00Z")]
    [InlineData("2026-12-07T10:17:45Z", "24h", "2026-12-07T00:00:00Z")]
    [InlineData("2026-12-07T10:17:47Z", "5s", "2026-12-07T10:17:45Z")]
    [InlineData("1969-12-31T23:59:59Z", "1h", "1969-12-31T23:00:00Z")]
    public void Windows_end_on_multiples_of_the_interval_since_the_epoch(string time, string interval, string floor) =>
        Assert.Equal(At(floor), DriftWindows.AlignDown(At(time), Settings(interval).Interval));

    [Theory]
    // No watermark: the window the monitor was created in.
    [InlineData(null, "2026-12-07T10:17:00Z", "2026-12-07T10:30:00Z", "1h", null, "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z", 0)]
    // Then the one after the watermark, whatever the time.
    [InlineData("2026-12-07T11:00:00Z", "2026-12-07T10:17:00Z", "2026-12-07T11:30:00Z", "1h", null, "2026-12-07T11:00:00Z", "2026-12-07T12:00:00Z", 0)]
    // A longer duration overlaps: 24 h of logs ending on each hour.
    [InlineData("2026-12-07T11:00:00Z", "2026-12-07T10:17:00Z", "2026-12-07T11:30:00Z", "1h", "24h", "2026-12-06T12:00:00Z", "2026-12-07T12:00:00Z", 0)]
    // 24 windows behind is caught up window by window; more are skipped down to 24.
    [InlineData("2026-12-07T00:00:00Z", "2026-12-06T00:00:00Z", "2026-12-08T01:30:00Z", "1h", null, "2026-12-07T00:00:00Z", "2026-12-07T01:00:00Z", 0)]
    [InlineData("2026-12-07T00:00:00Z", "2026-12-06T00:00:00Z", "2026-12-08T03:30:00Z", "1h", null, "2026-12-07T02:00:00Z", "2026-12-07T03:00:00Z", 2)]
    public void The_next_window_follows_the_watermark(string? watermark, string created, string now, string interval, string? duration, string start, string end, int skipped)
    {
        var (window, skip) = DriftWindows.Next(watermark is null ? null : At(watermark), At(created), At(now), Settings(interval, duration));
        Assert.Equal((At(start), At(end), skipped), (window.Start, window.End, skip));
    }

    [Fact]
    public void A_window_is_due_after_its_end_and_the_allowed_lateness()
    {
        var settings = Settings("5s", lateness: "2s");
        Assert.Equal(At("2026-12-07T10:00:07Z"), DriftWindows.DueAt(new WindowSpan(At("2026-12-07T10:00:00Z"), At("2026-12-07T10:00:05Z")), settings));
    }

    [Theory]
    [InlineData("breast-cancer")]
    [InlineData("a-monitor-with-a-name-much-longer-than-forty-characters")]
    [InlineData("a-monitor-with-a-name-much-longer-than-forty-characters-too")]
    public void Names_are_deterministic_and_fit_a_label(string monitor)
    {
        var window = new WindowSpan(At("2026-12-07T10:00:00Z"), At("2026-12-07T10:00:05Z"));
        var job = MonitorNames.EvaluationJob(monitor, window);
        var run = MonitorNames.RetrainRun(monitor, window);
        Assert.Equal(job, MonitorNames.EvaluationJob(monitor, window));
        Assert.EndsWith("-20261207100005", job, StringComparison.Ordinal);
        Assert.EndsWith("-drift-20261207100005", run, StringComparison.Ordinal);
        Assert.True(job.Length <= 63 && run.Length <= 63, $"{job} / {run}");
        Assert.Equal(monitor.Length <= 40, job.StartsWith(monitor, StringComparison.Ordinal));
        Assert.True(MonitorNames.TryParseStamp("20261207100005", out var end));
        Assert.Equal(window.End, end);
    }

    [Fact]
    public void Two_long_names_with_one_prefix_get_different_names()
    {
        var window = new WindowSpan(At("2026-12-07T10:00:00Z"), At("2026-12-07T10:00:05Z"));
        Assert.NotEqual(
            MonitorNames.EvaluationJob("a-monitor-with-a-name-much-longer-than-forty-characters", window),
            MonitorNames.EvaluationJob("a-monitor-with-a-name-much-longer-than-forty-characters-too", window));
    }
}
