using System.Globalization;
using System.Text;

namespace Sluice.Cli.Drift;

/// <summary>
/// Reads a CSV file with a header into columns of cells (RFC 4180 quoting). Empty cells and NA/NaN/null are
/// missing. One pass; a column is numeric when every non-missing cell parses as a number.
/// </summary>
internal static class CsvColumns
{
    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "NA", "N/A", "NaN", "null", "None" };

    public static bool IsMissing(string cell) => MissingTokens.Contains(cell.Trim());

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value);

    public static (string[] Header, List<string?[]> Rows) Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = ReadRecord(reader) ?? throw new InvalidDataException($"{path}: the file is empty; expected a CSV header row");
        var rows = new List<string?[]>();
        var line = 1;
        while (ReadRecord(reader) is { } record)
        {
            line++;
            if (record.Count == 1 && record[0].Length == 0)
            {
                continue;
            }

            if (record.Count != header.Count)
            {
                throw new InvalidDataException($"{path}: record {line} has {record.Count} fields; the header has {header.Count}");
            }

            rows.Add([.. record.Select(c => IsMissing(c) ? null : c)]);
        }

        return ([.. header.Select(h => h.Trim())], rows);
    }

    private static List<string>? ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        while (true)
        {
            var ch = reader.Read();
            if (ch < 0)
            {
                if (!any)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return fields;
            }

            any = true;
            var c = (char)ch;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                return fields;
            }
            else
            {
                field.Append(c);
            }
        }
    }
}
