using System.Buffers;
using System.Runtime.CompilerServices;
using Sluice.Core.Drift.Windows;

namespace Sluice.Steps.Drift;

/// <summary>
/// Feeds one log object to a <see cref="WindowScan"/> line by line from a pooled buffer: no string or array per
/// line, and never more than the buffer (or one very long line) in memory. A last line without a newline (a
/// truncated write) is still a line; a line longer than <see cref="MaxLineBytes"/> counts as one invalid line.
/// </summary>
internal static class LogObjectLines
{
    public const int MaxLineBytes = 16 << 20;
    private const int BufferBytes = 1 << 20;

    public static async Task ReadAsync(Stream stream, string key, WindowScan scan, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var filled = 0;
            long line = 0;
            var discarding = false;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                var consumed = Lines(buffer.AsSpan(0, filled), key, scan, ref line, ref discarding);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    if (discarding || buffer.Length >= MaxLineBytes)
                    {
                        // Too long to be a row: one invalid line, and the rest of it up to its newline is dropped.
                        if (!discarding)
                        {
                            scan.InvalidLine(key, ++line);
                        }

                        discarding = true;
                        filled = 0;
                        continue;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            if (filled > 0 && !discarding)
            {
                scan.Line(buffer.AsSpan(0, filled), key, ++line);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Hands every complete line to the scan; returns the bytes used. Optimised at once, like the parser.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Lines(ReadOnlySpan<byte> data, string key, WindowScan scan, ref long line, ref bool discarding)
    {
        var start = 0;
        int newline;
        while ((newline = data[start..].IndexOf((byte)'\n')) >= 0)
        {
            if (discarding)
            {
                discarding = false;
            }
            else
            {
                scan.Line(data.Slice(start, newline), key, ++line);
            }

            start += newline + 1;
        }

        return start;
    }
}
