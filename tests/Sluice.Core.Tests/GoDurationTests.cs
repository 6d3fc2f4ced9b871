using Sluice.Core.Durations;

namespace Sluice.Core.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("0", 0)]
    public void Parses_go_durations(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(milliseconds, (long)d.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("1d")]
    [InlineData("m")]
    public void Rejects_other_text(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(90, "1m30s")]
    [InlineData(0, "0s")]
    public void Formats_like_go(int seconds, string expected) => Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
