using System.Globalization;
using System.Text;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Tests;

/// <summary>The fast decimal path gives bit for bit what double.Parse gives, or declines.</summary>
public sealed class ShortDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("17.99")]
    [InlineData("0.07871")]
    [InlineData("0.006399")]
    [InlineData("2019")]
    [InlineData("-3.25e-3")]
    [InlineData("1E+22")]
    [InlineData("1e-22")]
    [InlineData("123456789012345")]
    [InlineData("0.000000000000000000001")]
    [InlineData("9007199254740993e-5")]
    [InlineData("5.1")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    public void Short_decimals_parse_exactly_as_double_parse(string text)
    {
        if (ShortDecimal.TryParse(Encoding.ASCII.GetBytes(text), out var value))
        {
            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("0.12345678901234567")]
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("4.9e-324")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("1e99999")]
    public void Long_or_far_out_numbers_are_declined(string text)
    {
        Assert.False(ShortDecimal.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("17.99", true)]
    [InlineData("0.000001234", true)]
    [InlineData("1234567.5", true)]
    [InlineData("1e22", true)]
    public void Typical_feature_values_take_the_fast_path(string text, bool fast)
    {
        Assert.Equal(fast, ShortDecimal.TryParse(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Random_decimals_and_round_tripped_floats_match_double_parse_bit_for_bit()
    {
        var random = new Random(20261123);
        var accepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var text = n % 2 == 0 ? RandomDecimal(random) : RandomFloat(random);
            if (!ShortDecimal.TryParse(Encoding.ASCII.GetBytes(text), out var value))
            {
                continue;
            }

            accepted++;
            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), $"{text}: {value:R} != {expected:R}");
            Assert.Equal((float)expected, (float)value);
        }

        Assert.True(accepted > 100_000, $"only {accepted} of 200000 took the fast path");
    }

    [Theory]
    [InlineData("13.819999694824219")]
    [InlineData("0.11620000004768372")]
    [InlineData("-595.9000244140625")]
    [InlineData("1.0000000596046448")]
    [InlineData("1.0000000596046447")]
    [InlineData("1.00000005960464478")]
    [InlineData("3.4028235677973366e38")]
    [InlineData("1.1754942e-38")]
    [InlineData("1234567890123456789")]
    public void Float_values_are_what_a_cast_of_double_parse_gives(string text)
    {
        if (ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out var value))
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(value));
        }
    }

    [Theory]
    [InlineData("1.0000000596046448")] // within a few double ulps of the midpoint between 1 and the next float
    [InlineData("1e-40")]              // a float subnormal
    [InlineData("12345678901234567890")]
    public void Float_values_near_a_rounding_boundary_or_out_of_range_are_declined(string text)
    {
        Assert.False(ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Python_style_float32_text_takes_the_float_path_and_matches_a_cast_of_double_parse()
    {
        var random = new Random(7);
        var accepted = 0;
        for (var n = 0; n < 200_000; n++)
        {
            // json.dumps(float(np.float32(x))): the shortest text of the float widened to double, often 17 digits.
            var f = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)));
            var text = n % 3 == 0 ? RandomLongDecimal(random) : ((double)f).ToString("R", CultureInfo.InvariantCulture);
            if (!ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out var value))
            {
                continue;
            }

            accepted++;
            var expected = (float)double.Parse(text, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(value), $"{text}: {value:R} != {expected:R}");
        }

        Assert.True(accepted > 100_000, $"only {accepted} of 200000 took the fast path");
    }

    private static string RandomLongDecimal(Random random)
    {
        var digits = random.Next(16, 20);
        var sb = new StringBuilder(random.Next(2) == 0 ? "-" : "");
        sb.Append((char)('1' + random.Next(9)));
        for (var i = 1; i < digits; i++)
        {
            sb.Append((char)('0' + random.Next(10)));
        }

        return sb.Append('e').Append(random.Next(-40, 20).ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private static string RandomDecimal(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(2) == 0)
        {
            sb.Append('-');
        }

        sb.Append(random.Next(4) == 0 ? "0" : random.NextInt64(1, 10_000_000).ToString(CultureInfo.InvariantCulture));
        if (random.Next(3) > 0)
        {
            sb.Append('.');
            var digits = random.Next(1, 12);
            for (var i = 0; i < digits; i++)
            {
                sb.Append((char)('0' + random.Next(10)));
            }
        }

        if (random.Next(4) == 0)
        {
            sb.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(3) switch { 0 => "-", 1 => "+", _ => "" })
                .Append(random.Next(0, 30).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    // What JSON clients send for float32 features: the shortest round-trip text of a float.
    private static string RandomFloat(Random random)
    {
        var f = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 8)));
        return f.ToString("R", CultureInfo.InvariantCulture);
    }
}
