using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// Parses a JSON number from its UTF-8 bytes. The common case, at most 19 significant digits and a decimal exponent
/// that keeps the digits and the power of ten exact in a double (Clinger's fast path: |exponent| ≤ 22, digits ≤
/// 2^53), is one multiplication or division, which IEEE rounding makes correctly rounded; anything else goes to
/// <see cref="Utf8Parser"/>. Either way the result is the double nearest the number, as the JSON reader gives.
/// </summary>
public static class JsonNumber
{
    private static readonly double[] Powers =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>The number the whole token spells in JSON's grammar, or false when it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> token, out double value)
    {
        var i = 0;
        var negative = token.Length > 0 && token[0] == '-';
        if (negative)
        {
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var start = i;
        while (i < token.Length && (uint)(token[i] - '0') <= 9)
        {
            if (digits < 19)
            {
                mantissa = (mantissa * 10) + (uint)(token[i] - '0');
                digits += mantissa == 0 ? 0 : 1;
            }
            else
            {
                exponent++;
            }

            i++;
        }

        // JSON: an integer part of one or more digits, no leading zero before more digits.
        if (i == start || (token[start] == '0' && i - start > 1))
        {
            value = 0;
            return false;
        }

        if (i < token.Length && token[i] == '.')
        {
            var fraction = ++i;
            while (i < token.Length && (uint)(token[i] - '0') <= 9)
            {
                if (digits < 19)
                {
                    mantissa = (mantissa * 10) + (uint)(token[i] - '0');
                    digits += mantissa == 0 ? 0 : 1;
                    exponent--;
                }

                i++;
            }

            if (i == fraction)
            {
                value = 0;
                return false;
            }
        }

        if (i < token.Length && (token[i] | 0x20) == 'e')
        {
            return Slow(token, out value);
        }

        if (i != token.Length)
        {
            value = 0;
            return false;
        }

        if (digits >= 19 || mantissa > (1UL << 53) || exponent < -22)
        {
            return Slow(token, out value);
        }

        var magnitude = exponent < 0 ? mantissa / Powers[-exponent] : mantissa * Powers[exponent];
        if (exponent > 22 || double.IsInfinity(magnitude))
        {
            return Slow(token, out value);
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> token, out double value) =>
        Utf8Parser.TryParse(token, out value, out var used, 'e') && used == token.Length
        || Utf8Parser.TryParse(token, out value, out used) && used == token.Length;
}
