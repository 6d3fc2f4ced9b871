using System.Globalization;
using System.Numerics;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// A resource.Quantity as kube-apiserver keeps it: parsed, rounded up to nano units and written back in canonical
/// form, so "1024Mi" reads back as "1Gi", "0.5" as "500m" and "1000m" as "1". The value is
/// <see cref="Mantissa"/> × 10^<see cref="Exponent"/>. Rules from k8s.io/apimachinery/pkg/api/resource/quantity.go
/// (ParseQuantity, parseQuantityString, CanonicalizeBytes) and amount.go (AsCanonicalBytes, AsCanonicalBase1024Bytes).
/// </summary>
internal readonly record struct Quantity(BigInteger Mantissa, int Exponent, QuantityFormat Format)
{
    /// <summary>The decoder's message for a malformed quantity (resource.ErrFormatWrong).</summary>
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary>The decoder's message for a well-formed quantity with an unknown suffix (resource.ErrSuffix).</summary>
    public const string SuffixError = "unable to parse quantity's suffix";

    private const int NanoExponent = -9;

    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly Dictionary<string, int> BinarySuffixes = new(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    public bool IsZero => Mantissa.IsZero;

    /// <summary>
    /// Parses a quantity; <paramref name="kept"/> is the input itself when ParseQuantity would keep the string it
    /// was given (already canonical on its fast path, e.g. "+1" or "1E3"), else null; <paramref name="error"/> is
    /// the decoder's message when the text is no quantity.
    /// </summary>
    public static bool TryParse(string text, out Quantity quantity, out string? kept, out string error)
    {
        quantity = default;
        kept = null;
        error = FormatError;
        if (!TrySplit(text, out var negative, out var num, out var denom, out var suffix))
        {
            return false;
        }
        error = SuffixError;
        QuantityFormat format;
        int exponent;
        if (BinarySuffixes.TryGetValue(suffix, out var power))
        {
            format = QuantityFormat.BinarySI;
            exponent = power;
        }
        else if (DecimalSuffixes.TryGetValue(suffix, out power))
        {
            format = QuantityFormat.DecimalSI;
            exponent = power;
        }
        else if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out power))
        {
            format = QuantityFormat.DecimalExponent;
            exponent = power;
        }
        else
        {
            return false;
        }
        var digits = BigInteger.Parse(num + denom, CultureInfo.InvariantCulture);
        var mantissa = format == QuantityFormat.BinarySI ? digits << exponent : digits;
        var scale = (format == QuantityFormat.BinarySI ? 0 : exponent) - denom.Length;
        quantity = new Quantity(negative ? -mantissa : mantissa, scale, format).RoundUp(NanoExponent);
        if (format == QuantityFormat.BinarySI && !quantity.IsZero && quantity.Exponent < 0
            && BigInteger.Abs(quantity.Mantissa) < BigInteger.Pow(10, -quantity.Exponent))
        {
            // A binary quantity below 1 is shown in decimal (ParseQuantity: "This avoids rounding and hopefully confusion, too").
            quantity = quantity with { Format = QuantityFormat.DecimalSI };
        }
        kept = KeepsString(format, exponent, num, denom) ? text : null;
        error = "";
        return true;
    }

    /// <summary>Rounds away from zero to at least 10^<paramref name="exponent"/> (Quantity.RoundUp, used with milli for resource lists).</summary>
    public Quantity RoundUp(int exponent)
    {
        if (Exponent >= exponent)
        {
            return this;
        }
        var divisor = BigInteger.Pow(10, exponent - Exponent);
        var quotient = BigInteger.DivRem(Mantissa, divisor, out var remainder);
        if (!remainder.IsZero)
        {
            quotient += Mantissa.Sign;
        }
        return this with { Mantissa = quotient, Exponent = exponent };
    }

    public int CompareTo(Quantity other)
    {
        var (a, b) = Aligned(this, other);
        return a.CompareTo(b);
    }

    public Quantity Add(Quantity other)
    {
        var (a, b) = Aligned(this, other);
        return this with { Mantissa = a + b, Exponent = Math.Min(Exponent, other.Exponent) };
    }

    /// <summary>The canonical text (Quantity.String / CanonicalizeBytes).</summary>
    public override string ToString()
    {
        if (IsZero)
        {
            return "0";
        }
        var sign = Mantissa.Sign < 0 ? "-" : "";
        var magnitude = BigInteger.Abs(Mantissa);
        if (Format == QuantityFormat.BinarySI && AsInteger(magnitude) is { } whole && whole >= 1024)
        {
            var times = 0;
            while (times < 6 && whole % 1024 == 0)
            {
                whole /= 1024;
                times++;
            }
            var suffix = times == 0 ? "" : BinarySuffixes.First(kv => kv.Value == times * 10).Key;
            return sign + whole.ToString(CultureInfo.InvariantCulture) + suffix;
        }
        var exponent = Exponent;
        while (!magnitude.IsZero && magnitude % 10 == 0)
        {
            magnitude /= 10;
            exponent++;
        }
        var down = ((exponent % 3) + 3) % 3;
        magnitude *= BigInteger.Pow(10, down);
        exponent -= down;
        var number = magnitude.ToString(CultureInfo.InvariantCulture);
        if (Format != QuantityFormat.DecimalExponent && DecimalSuffixes.FirstOrDefault(kv => kv.Value == exponent) is { Key: { } decimalSuffix })
        {
            return sign + number + decimalSuffix;
        }
        return sign + number + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
    }

    private BigInteger? AsInteger(BigInteger magnitude)
    {
        if (Exponent >= 0)
        {
            return magnitude * BigInteger.Pow(10, Exponent);
        }
        var quotient = BigInteger.DivRem(magnitude, BigInteger.Pow(10, -Exponent), out var remainder);
        return remainder.IsZero ? quotient : null;
    }

    private static (BigInteger A, BigInteger B) Aligned(Quantity x, Quantity y)
    {
        var exponent = Math.Min(x.Exponent, y.Exponent);
        return (x.Mantissa * BigInteger.Pow(10, x.Exponent - exponent), y.Mantissa * BigInteger.Pow(10, y.Exponent - exponent));
    }

    /// <summary>parseQuantityString: sign, digits (leading zeros dropped), optional fraction, then the suffix.</summary>
    private static bool TrySplit(string text, out bool negative, out string num, out string denom, out string suffix)
    {
        negative = false;
        num = denom = suffix = "";
        if (text.Length == 0)
        {
            return false;
        }
        var pos = 0;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            pos++;
        }
        while (pos < text.Length && text[pos] == '0')
        {
            pos++;
        }
        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }
        num = pos == start ? "0" : text[start..pos];
        if (pos < text.Length && text[pos] == '.')
        {
            start = ++pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }
            denom = text[start..pos];
        }
        suffix = text[pos..];
        var at = 0;
        while (at < suffix.Length && "eEinumkKMGTP".Contains(suffix[at], StringComparison.Ordinal))
        {
            at++;
        }
        if (at < suffix.Length && suffix[at] is '+' or '-')
        {
            at++;
        }
        return suffix[at..].All(char.IsAsciiDigit);
    }

    /// <summary>ParseQuantity's fast path keeps the caller's string when it is already canonical.</summary>
    private static bool KeepsString(QuantityFormat format, int exponent, string num, string denom)
    {
        var shifted = num + denom;
        int precision;
        if (format == QuantityFormat.BinarySI)
        {
            precision = exponent >= 0 && denom.Length == 0 ? 15 - num.Length - (int)(exponent * 3f / 10) - 1 : -1;
        }
        else
        {
            precision = 18 - shifted.Length;
        }
        var scale = (format == QuantityFormat.BinarySI ? 0 : exponent) - denom.Length;
        if (precision < 0 || scale < NanoExponent || !long.TryParse(shifted, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        if (format == QuantityFormat.BinarySI)
        {
            return exponent % 10 == 0 && (value & 0x07) != 0 && value <= long.MaxValue >> exponent;
        }
        return scale % 3 == 0 && !shifted.EndsWith("000", StringComparison.Ordinal) && shifted[0] != '0';
    }
}
