using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Sluice.Core.Profiles;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// Reads one serving-log line (docs/serving-logs.md) as UTF-8 bytes for a drift window: checks the window on
/// <c>ts</c> first and stops there for rows outside it, checks model and version, validates the whole object, and
/// only when asked puts the feature values into a <see cref="WindowRow"/>. No string is made per line: the feature
/// names come in the same order line after line, so each position remembers the name it saw last and a byte
/// comparison finds the feature; numbers are parsed in place.
/// </summary>
public sealed partial class ServingLogLineParser
{
    /// <summary>Distinct feature names kept for messages (the names the logs have).</summary>
    public const int MaxSeenNames = 64;

    private const int MaxCachedPositions = 4096;
    private const string FixedTimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private readonly bool[] _numeric;
    private readonly int[] _slots;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly byte[] _model;
    private readonly byte[] _version;
    private readonly byte[] _modelAndVersion;
    private int _featuresAt;
    private readonly DateTimeOffset _start;
    private readonly DateTimeOffset _end;
    private readonly byte[] _startText;
    private readonly byte[] _endText;
    private readonly List<string> _seenNames = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private byte[]?[] _cachedNames = new byte[]?[64];
    private int[] _cachedIndexes = new int[64];

    public ServingLogLineParser(WindowFeatures features, string model, string version, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(features);
        _numeric = [.. features.Features.Select(f => f.Kind == FeatureKind.Numeric)];
        _slots = [.. features.Features.Select(f => f.Slot)];
        _lookup = features.Lookup;
        _model = Encoding.UTF8.GetBytes(model);
        _version = Encoding.UTF8.GetBytes(version);
        _modelAndVersion = Encoding.UTF8.GetBytes($",\"model\":{JsonSerializer.Serialize(model)},\"version\":{JsonSerializer.Serialize(version)},");
        _start = start;
        _end = end;
        // The server writes ts as yyyy-MM-ddTHH:mm:ss.fffZ, whose byte order is time order: with the bounds rounded
        // up to the millisecond, a byte comparison decides [start, end) exactly.
        _startText = Encoding.ASCII.GetBytes(CeilingToMillisecond(start).ToString(FixedTimestampFormat, CultureInfo.InvariantCulture));
        _endText = Encoding.ASCII.GetBytes(CeilingToMillisecond(end).ToString(FixedTimestampFormat, CultureInfo.InvariantCulture));
    }

    /// <summary>The distinct feature names seen in the rows whose values were read, in first-seen order (at most <see cref="MaxSeenNames"/>).</summary>
    public IReadOnlyList<string> SeenNames => _seenNames;

    /// <summary>Classifies a line; when <paramref name="row"/> is given and the line is a row, its values are in it.</summary>
    /// <remarks>
    /// The per-line methods are compiled fully optimised at once: a drift Job is a short process on one core, where
    /// tiered compilation left them in unoptimised code for seconds (250,000 rows: 5.6 s of CPU against 2.2 s).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LineKind Parse(ReadOnlySpan<byte> line, WindowRow? row)
    {
        if (IsBlank(line))
        {
            return LineKind.Blank;
        }

        var quick = PassOver(line);
        if (quick is { } kind && (row is null || kind != LineKind.Row))
        {
            return kind;
        }

        if (quick == LineKind.Row)
        {
            row!.Clear();
            if (ReadFeaturesInPlace(line, row))
            {
                return LineKind.Row;
            }
        }

        row?.Clear();
        try
        {
            return ParseObject(line, row);
        }
        catch (JsonException)
        {
            return LineKind.Invalid;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LineKind ParseObject(ReadOnlySpan<byte> line, WindowRow? row)
    {
        var reader = new Utf8JsonReader(line, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return LineKind.Invalid;
        }

        bool hasTs = false, hasFeatures = false, hasModel = false, hasVersion = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ts"u8))
            {
                reader.Read();
                var inWindow = reader.TokenType == JsonTokenType.String ? InWindow(ref reader) : null;
                if (inWindow is not { } inside)
                {
                    return LineKind.Invalid;
                }

                if (!inside)
                {
                    return LineKind.OutsideWindow;
                }

                hasTs = true;
            }
            else if (reader.ValueTextEquals("model"u8) is var isModel && (isModel || reader.ValueTextEquals("version"u8)))
            {
                hasModel |= isModel;
                hasVersion |= !isModel;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(isModel ? _model : _version))
                {
                    return LineKind.OtherVersion;
                }
            }
            else if (reader.ValueTextEquals("features"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return LineKind.Invalid;
                }

                if (row is null)
                {
                    reader.Skip();
                }
                else
                {
                    ReadFeatures(ref reader, row);
                }

                hasFeatures = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // A complete line read as a final block: anything after the object's end throws, and so does an unclosed object.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || !hasTs || !hasFeatures)
        {
            return LineKind.Invalid;
        }

        return hasModel && hasVersion ? LineKind.Row : LineKind.OtherVersion;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadFeatures(ref Utf8JsonReader reader, WindowRow row)
    {
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = FeatureIndex(ref reader, position++);
            reader.Read();
            if (index < 0)
            {
                reader.Skip();
            }
            else if (_numeric[index])
            {
                row.Numeric[_slots[index]] = Number(ref reader);
            }
            else
            {
                row.Categorical[_slots[index]] = Text(ref reader);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FeatureIndex(ref Utf8JsonReader reader, int position) =>
        reader.ValueIsEscaped ? FeatureIndex(reader.GetString()!, [], escaped: true, position) : FeatureIndex(reader.ValueSpan, position);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FeatureIndex(ReadOnlySpan<byte> name, int position)
    {
        if (position < _cachedNames.Length && _cachedNames[position] is { } cached && Compare(name, cached) == 0)
        {
            return _cachedIndexes[position];
        }

        return FeatureIndex(Encoding.UTF8.GetString(name), name, escaped: false, position);
    }

    private int FeatureIndex(string name, ReadOnlySpan<byte> raw, bool escaped, int position)
    {
        var index = _lookup.TryGetValue(name.AsSpan(), out var found) ? found : -1;
        if (!escaped && position < MaxCachedPositions)
        {
            if (position >= _cachedNames.Length)
            {
                Array.Resize(ref _cachedNames, Math.Min(MaxCachedPositions, Math.Max(position + 1, _cachedNames.Length * 2)));
                Array.Resize(ref _cachedIndexes, _cachedNames.Length);
            }

            _cachedNames[position] = raw.ToArray();
            _cachedIndexes[position] = index;
        }

        if (_seen.Count < MaxSeenNames && _seen.Add(name))
        {
            _seenNames.Add(name);
        }

        return index;
    }

    // Numbers are values; a string that is a number is one too (as in a CSV); anything else is missing.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Number(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var number) && double.IsFinite(number) ? number : double.NaN;
            case JsonTokenType.String:
                var text = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                return Utf8Parser.TryParse(text, out double parsed, out var used) && used == text.Length && double.IsFinite(parsed) ? parsed : double.NaN;
            case JsonTokenType.True:
                return 1;
            case JsonTokenType.False:
                return 0;
            default:
                reader.Skip();
                return double.NaN;
        }
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Whether a string <c>ts</c> is in the window, or null when it is no time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool? InWindow(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length == _startText.Length && IsFixedTimestamp(reader.ValueSpan))
        {
            return Compare(reader.ValueSpan, _startText) >= 0 && Compare(reader.ValueSpan, _endText) < 0;
        }

        if (!ServingLogPartitions.TryParseTime(reader.GetString()!, out var time))
        {
            return null;
        }

        return time >= _start && time < _end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsFixedTimestamp(ReadOnlySpan<byte> s)
    {
        if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
        {
            return false;
        }

        int year = Digits(s[..4]), month = Digits(s[5..7]), day = Digits(s[8..10]), hour = Digits(s[11..13]),
            minute = Digits(s[14..16]), second = Digits(s[17..19]), millisecond = Digits(s[20..23]);
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) &&
            hour is >= 0 and <= 23 && minute is >= 0 and <= 59 && second is >= 0 and <= 59 && millisecond >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ReadOnlySpan<byte> s)
    {
        var value = 0;
        foreach (var b in s)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }

    // Plain loops instead of the vectorised span helpers: on a short process pinned to one core those stayed in
    // unoptimised code for seconds, and the spans compared here are names and timestamps of a few bytes.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] - b[i];
            }
        }

        return a.Length - b.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTime CeilingToMillisecond(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        var rest = ticks % TimeSpan.TicksPerMillisecond;
        return new DateTime(rest == 0 ? ticks : ticks + TimeSpan.TicksPerMillisecond - rest, DateTimeKind.Utc);
    }
}
