namespace Sluice.Serving.Protocol;

/// <summary>
/// Fast paths for JSON numbers that give bit for bit what double.Parse (and a cast to float) gives, or decline so
/// the caller takes the general parser. Doubles: Clinger's fast path (at most 15 significant digits and a power of
/// ten up to 22 are exact as doubles, so one IEEE multiply or divide rounds correctly). Floats: up to 19 digits,
/// which covers the 17-digit text Python clients send for float32 values; the double computed is then within a few
/// units in the last place of the exact one, so its float rounding is the same unless it lies near the midpoint
/// between two floats, and those cases are declined.
/// </summary>
internal static class ShortDecimal
{
    private const int ExactDigits = 15;
    private const int MaxDigits = 19;

    // A double carries 29 more fraction bits than a float; the float midpoint sets the top one of them.
    private const int ExtraBits = 52 - 23;
    private const long Midpoint = 1L << (ExtraBits - 1);
    private const long ExtraMask = (1L << ExtraBits) - 1;
    private const long MidpointMargin = 64;
    private const double SmallestNormalFloat = 1.1754943508222875e-38;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a token the JSON reader has already validated as a number, exactly as double.Parse would.</summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        if (!TryScan(number, out var negative, out var mantissa, out var digits, out var exponent) || digits > ExactDigits)
        {
            return false;
        }

        value = Compute(negative, mantissa, exponent);
        return true;
    }

    /// <summary>Parses a validated number to what (float)double.Parse(text) gives.</summary>
    public static bool TryParseSingle(ReadOnlySpan<byte> number, out float value)
    {
        value = 0;
        if (!TryScan(number, out var negative, out var mantissa, out var digits, out var exponent))
        {
            return false;
        }

        var approximate = Compute(negative, mantissa, exponent);
        if (digits > ExactDigits)
        {
            var magnitude = Math.Abs(approximate);
            var extra = BitConverter.DoubleToInt64Bits(magnitude) & ExtraMask;
            if (magnitude < SmallestNormalFloat || Math.Abs(extra - Midpoint) <= MidpointMargin)
            {
                return false;
            }
        }

        value = (float)approximate;
        return true;
    }

    private static double Compute(bool negative, ulong mantissa, int exponent)
    {
        var result = (double)mantissa;
        result = exponent < 0 ? result / PowersOfTen[-exponent] : result * PowersOfTen[exponent];
        return negative ? -result : result;
    }

    private static bool TryScan(ReadOnlySpan<byte> number, out bool negative, out ulong mantissa, out int digits, out int exponent)
    {
        mantissa = 0;
        digits = 0;
        exponent = 0;
        var i = 0;
        negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        for (; i < number.Length && IsDigit(number[i]); i++)
        {
            if (!Accumulate(number[i], ref mantissa, ref digits))
            {
                return false;
            }
        }

        if (i < number.Length && number[i] == (byte)'.')
        {
            for (i++; i < number.Length && IsDigit(number[i]); i++)
            {
                if (!Accumulate(number[i], ref mantissa, ref digits))
                {
                    return false;
                }

                exponent--;
            }
        }

        if (i < number.Length && (number[i] | 0x20) == (byte)'e')
        {
            i++;
            var negativeExponent = i < number.Length && number[i] == (byte)'-';
            if (i < number.Length && (number[i] == (byte)'-' || number[i] == (byte)'+'))
            {
                i++;
            }

            var explicitExponent = 0;
            for (; i < number.Length && IsDigit(number[i]); i++)
            {
                if (explicitExponent > 1000)
                {
                    return false;
                }

                explicitExponent = (explicitExponent * 10) + (number[i] - '0');
            }

            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }

        return i == number.Length && exponent >= -22 && exponent <= 22;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // Leading zeros are not significant: "0.000123" has three digits, and each zero adds only to the exponent.
    private static bool Accumulate(byte digit, ref ulong mantissa, ref int digits)
    {
        if (mantissa == 0 && digit == (byte)'0')
        {
            return true;
        }

        if (++digits > MaxDigits)
        {
            return false;
        }

        mantissa = (mantissa * 10) + (ulong)(digit - '0');
        return true;
    }
}
