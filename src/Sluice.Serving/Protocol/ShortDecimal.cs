namespace Sluice.Serving.Protocol;

/// <summary>
/// Clinger's fast path for JSON numbers: a decimal with at most 15 significant digits and a power of ten up to 22
/// is exact as a double on both sides, so one IEEE multiply or divide rounds it correctly, giving bit for bit what
/// double.Parse gives at a fraction of the cost. Anything longer or further out returns false and takes the general parser.
/// </summary>
internal static class ShortDecimal
{
    private const int MaxDigits = 15;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses a token the JSON reader has already validated as a number.</summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        var i = 0;
        var negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative)
        {
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
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

        if (i != number.Length || exponent < -22 || exponent > 22)
        {
            return false;
        }

        var result = (double)mantissa;
        result = exponent < 0 ? result / PowersOfTen[-exponent] : result * PowersOfTen[exponent];
        value = negative ? -result : result;
        return true;
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
