using System.Text;

namespace Sluice.Steps.Data;

/// <summary>A CSV file with a header row, as strings (RFC 4180 quoting). Empty cells are missing values.</summary>
internal sealed record CsvTable(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows)
{
    public int IndexOf(string column, string source)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }

        throw new StepException($"{source} has no column \"{column}\"; its columns are: {string.Join(", ", Columns)}");
    }

    public static async Task<CsvTable> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = await ReadRecordAsync(reader, cancellationToken)
            ?? throw new StepException($"{source} is empty; a CSV with a header row is expected");
        if (header.Any(string.IsNullOrWhiteSpace) || header.Distinct(StringComparer.Ordinal).Count() != header.Length)
        {
            throw new StepException($"{source}: the header row has empty or duplicate column names: {string.Join(",", header)}");
        }

        var rows = new List<string[]>();
        var line = 1;
        while (await ReadRecordAsync(reader, cancellationToken) is { } record)
        {
            line++;
            if (record is [""])
            {
                continue;
            }

            if (record.Length != header.Length)
            {
                throw new StepException($"{source}, record {line}: {record.Length} fields but the header has {header.Length}");
            }

            rows.Add(record);
        }

        return new CsvTable(header, rows);
    }

    public async Task WriteAsync(Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync(string.Join(',', Columns.Select(Quote)).AsMemory(), cancellationToken);
        foreach (var row in Rows)
        {
            await writer.WriteLineAsync(string.Join(',', row.Select(Quote)).AsMemory(), cancellationToken);
        }
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static async Task<string[]?> ReadRecordAsync(TextReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken);
        if (line is null)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; ; i++)
        {
            if (i == line.Length)
            {
                if (!quoted)
                {
                    break;
                }

                // A quoted field continues on the next line.
                line = await reader.ReadLineAsync(cancellationToken) ?? throw new StepException("CSV ends inside a quoted field");
                field.Append('\n');
                i = -1;
                continue;
            }

            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().TrimEnd('\r'));
        return [.. fields];
    }
}
