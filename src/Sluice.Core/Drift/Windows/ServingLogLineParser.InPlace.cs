using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The parser's fast path, for lines as the server writes them: structural checks for the rows the sampler passes
/// over, and the values of a kept row read in place. Whatever it cannot vouch for goes to the JSON reader.
/// </summary>
public sealed partial class ServingLogLineParser
{
    private static ReadOnlySpan<byte> Opening => "{\"ts\":\""u8;

    /// <summary>
    /// The kind of a line from checks that cost a fraction of a JSON parse, or null when they cannot tell and the
    /// JSON reader reads the line. They read the line as the server writes it (docs/serving-logs.md): <c>ts</c> first
    /// in its fixed form, then model and version; the rest one object whose braces, brackets and quotes close in
    /// order, with no escapes, a top-level <c>features</c> object, and nothing after it. A truncated or garbled line
    /// fails them and is parsed, so it counts as invalid exactly as the reader finds. What they let through without a
    /// parse is a row whose numbers are not checked unless it is sampled (docs/drift.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LineKind? PassOver(ReadOnlySpan<byte> line)
    {
        const int TsLength = 24;
        if (line.Length < Opening.Length + TsLength + 1 || !line.StartsWith(Opening) || line[Opening.Length + TsLength] != '"')
        {
            return null;
        }

        var ts = line.Slice(Opening.Length, TsLength);
        if (!IsFixedTimestamp(ts))
        {
            return null;
        }

        if (Compare(ts, _startText) < 0 || Compare(ts, _endText) >= 0)
        {
            return LineKind.OutsideWindow;
        }

        var end = line.Length - 1;
        while (end > 0 && line[end] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            end--;
        }

        var rest = line[(Opening.Length + TsLength + 1)..(end + 1)];
        if (!rest.StartsWith(_modelAndVersion) || rest.Contains((byte)'\\'))
        {
            return null;
        }

        _featuresAt = Structure(line[..(end + 1)]);
        return _featuresAt < 0 ? null : LineKind.Row;
    }

    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);

    /// <summary>
    /// Where the value of the top-level <c>features</c> key starts, when the line (with no escapes) is one object
    /// whose braces, brackets and quotes close in order, ending at its last byte; else -1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Structure(ReadOnlySpan<byte> line)
    {
        Span<byte> open = stackalloc byte[64];
        var depth = 0;
        var at = 0;
        var features = -1;
        while (at < line.Length)
        {
            var next = line[at..].IndexOfAny(Structural);
            if (next < 0)
            {
                return -1;
            }

            at += next;
            var c = line[at];
            if (c == '"')
            {
                var close = line[(at + 1)..].IndexOf((byte)'"');
                if (close < 0)
                {
                    return -1;
                }

                var text = line.Slice(at + 1, close);
                at += close + 2;
                if (depth == 1 && features < 0 && text.SequenceEqual("features"u8) && line[at..].StartsWith(":{"u8))
                {
                    features = at + 1;
                }

                continue;
            }

            if (c is (byte)'{' or (byte)'[')
            {
                if (depth == open.Length)
                {
                    return -1;
                }

                open[depth++] = c;
            }
            else if (depth == 0 || open[--depth] != (c == '}' ? (byte)'{' : (byte)'['))
            {
                return -1;
            }
            else if (depth == 0)
            {
                return at == line.Length - 1 ? features : -1;
            }

            at++;
        }

        return -1;
    }


    /// <summary>
    /// Reads the values of a line <see cref="PassOver"/> found whole, in place: names compared as bytes with the
    /// name last seen at their position, numbers parsed from their bytes. False when the features object holds
    /// anything but names with numbers, strings, true, false or null (a nested value, an odd token): the JSON
    /// reader then reads it, and decides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadFeaturesInPlace(ReadOnlySpan<byte> line, WindowRow row)
    {
        var rest = line[(_featuresAt + 1)..];
        var position = 0;
        if (rest.Length > 0 && rest[0] == '}')
        {
            return true;
        }

        while (true)
        {
            if (rest.Length < 4 || rest[0] != '"')
            {
                return false;
            }

            var nameEnd = rest[1..].IndexOf((byte)'"');
            if (nameEnd < 0 || rest.Length < nameEnd + 3 || rest[nameEnd + 2] != ':')
            {
                return false;
            }

            var index = FeatureIndex(rest.Slice(1, nameEnd), position++);
            rest = rest[(nameEnd + 3)..];
            int length;
            if (rest[0] == '"')
            {
                length = rest[1..].IndexOf((byte)'"') + 2;
                if (length < 2)
                {
                    return false;
                }

                if (index >= 0)
                {
                    var text = rest.Slice(1, length - 2);
                    if (_numeric[index])
                    {
                        row.Numeric[_slots[index]] = Utf8Parser.TryParse(text, out double parsed, out var used) && used == text.Length && double.IsFinite(parsed) ? parsed : double.NaN;
                    }
                    else
                    {
                        row.Categorical[_slots[index]] = Encoding.UTF8.GetString(text);
                    }
                }
            }
            else
            {
                length = rest.IndexOfAny((byte)',', (byte)'}');
                if (length <= 0 || !Scalar(rest[..length], index, row))
                {
                    return false;
                }
            }

            rest = rest[length..];
            if (rest.Length == 0)
            {
                return false;
            }

            if (rest[0] == '}')
            {
                return true;
            }

            if (rest[0] != ',')
            {
                return false;
            }

            rest = rest[1..];
        }
    }

    // A number, true, false or null of the features object; false for anything else (the JSON reader decides then).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Scalar(ReadOnlySpan<byte> token, int index, WindowRow row)
    {
        if (token[0] is (byte)'-' or (>= (byte)'0' and <= (byte)'9'))
        {
            if (!JsonNumber.TryParse(token, out var number))
            {
                return false;
            }

            if (index >= 0)
            {
                if (_numeric[index])
                {
                    row.Numeric[_slots[index]] = double.IsFinite(number) ? number : double.NaN;
                }
                else
                {
                    row.Categorical[_slots[index]] = Encoding.UTF8.GetString(token);
                }
            }

            return true;
        }

        var value = token.SequenceEqual("true"u8) ? 1 : token.SequenceEqual("false"u8) ? 0 : token.SequenceEqual("null"u8) ? -1 : -2;
        if (value == -2)
        {
            return false;
        }

        if (index >= 0 && value >= 0)
        {
            if (_numeric[index])
            {
                row.Numeric[_slots[index]] = value;
            }
            else
            {
                row.Categorical[_slots[index]] = value == 1 ? "true" : "false";
            }
        }

        return true;
    }
}
