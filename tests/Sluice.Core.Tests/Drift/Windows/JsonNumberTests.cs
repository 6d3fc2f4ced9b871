using System.Globalization;
using System.Text;
using Sluice.Core.Drift.Windows;

namespace Sluice.Core.Tests.Drift.Windows;

public sealed class JsonNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("17.99")]
    [InlineData("0.07871")]
    [InlineData("-123456.789")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("9007199254740993")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("5E-324")]
    [InlineData("1e-7")]
    [InlineData("2.5E3")]
    [InlineData("0.000000000000000000000000001")]
    [InlineData("123.456e-2")]
    public void Numbers_are_the_nearest_double_as_the_framework_parses_them(string text)
    {
        Assert.True(JsonNumber.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1x")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData("NaN")]
    public void What_JSON_does_not_call_a_number_is_refused(string text) =>
        Assert.False(JsonNumber.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void Random_floats_as_the_server_writes_them_round_trip()
    {
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            var f = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8)));
            var text = f.ToString("R", CultureInfo.InvariantCulture);
            Assert.True(JsonNumber.TryParse(Encoding.ASCII.GetBytes(text), out var value), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        }
    }
}
