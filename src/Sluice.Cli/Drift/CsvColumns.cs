using System.Globalization;
using System.Text;

namespace Sluice.Cli.Drift;

/// <summary>
/// Reads a CSV file with a header (RFC 4180 quoting). Empty cells and NA/N/A/NaN/null/None are missing; a column
/// is numeric when every non-missing cell parses as a number.
/// </summary>
internal static class CsvColumns
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "None" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MissingLookup = MissingTokens.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsMissing(string cell) => IsMissing(cell.AsSpan());

    public static bool IsMissing(ReadOnlySpan<char> cell)
    {
        var trimmed = cell.Trim();
        return trimmed.Length <= 4 && MissingLookup.Contains(trimmed);
    }

    public static bool TryNumber(string cell, out double value) => TryNumber(cell.AsSpan(), out value);

    public static bool TryNumber(ReadOnlySpan<char> cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

    /// <summary>
    /// Gives the trimmed header to <paramref name="onHeader"/>, then streams the data records to
    /// <paramref name="onRecord"/>, checking each one's width; blank lines are skipped.
    /// </summary>
    public static void Stream(string path, Action<string[]> onHeader, Action<CsvRecordReader> onRecord, CancellationToken cancellationToken = default)
    {
        using var stream = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        var reader = new CsvRecordReader(stream);
        if (!reader.Next())
        {
            throw new InvalidDataException($"{path}: the file is empty; expected a CSV header row");
        }

        var header = new string[reader.Count];
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = reader[i].Trim().ToString();
        }

        onHeader(header);
        try
        {
            while (reader.Next())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.Count == 1 && reader[0].IsEmpty)
                {
                    continue;
                }

                if (reader.Count != header.Length)
                {
                    throw new InvalidDataException($"{path}: line {reader.Line} has {reader.Count} fields; the header has {header.Length}");
                }

                onRecord(reader);
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The whole file as rows of cells (null for missing), for comparisons that need every raw value.</summary>
    public static (string[] Header, List<string?[]> Rows) Read(string path)
    {
        var rows = new List<string?[]>();
        string[] header = [];
        Stream(path, h => header = h, record =>
        {
            var row = new string?[record.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = IsMissing(record[i]) ? null : record[i].ToString();
            }

            rows.Add(row);
        });
        return (header, rows);
    }
}
