using System.Text;

namespace Sluice.Cli.Drift;

/// <summary>
/// Streams the records of a CSV text (RFC 4180 quoting, fields may span lines) one at a time. Unquoted lines, the
/// common case, are split in place: cells are ranges of the line, so reading a number allocates nothing.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly List<Range> _cells = [];
    private readonly StringBuilder _unquoted = new();
    private string _buffer = "";
    private int _nextLine = 1;

    /// <summary>Line number where the current record starts (1-based).</summary>
    public int Line { get; private set; }

    public int Count => _cells.Count;

    public ReadOnlySpan<char> this[int index] => _buffer.AsSpan(_cells[index]);

    /// <summary>Reads the next record; false at the end of the text.</summary>
    public bool Next()
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return false;
        }

        Line = _nextLine++;
        _cells.Clear();
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            _buffer = line;
            var start = 0;
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == ',')
                {
                    _cells.Add(start..i);
                    start = i + 1;
                }
            }

            _cells.Add(start..line.Length);
            return true;
        }

        ReadQuoted(line);
        return true;
    }

    // Unescapes the record into one buffer, cell after cell, reading further lines while a quote is open.
    private void ReadQuoted(string line)
    {
        _unquoted.Clear();
        var cellStart = 0;
        var inQuotes = false;
        var i = 0;
        while (true)
        {
            if (i == line.Length)
            {
                if (!inQuotes)
                {
                    break;
                }

                var more = reader.ReadLine() ?? throw new InvalidDataException($"line {Line}: a quoted field is not closed before the end of the file");
                _nextLine++;
                _unquoted.Append('\n');
                line = more;
                i = 0;
                continue;
            }

            var c = line[i++];
            if (inQuotes)
            {
                if (c != '"')
                {
                    _unquoted.Append(c);
                }
                else if (i < line.Length && line[i] == '"')
                {
                    _unquoted.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                _cells.Add(cellStart.._unquoted.Length);
                cellStart = _unquoted.Length;
            }
            else
            {
                _unquoted.Append(c);
            }
        }

        _cells.Add(cellStart.._unquoted.Length);
        _buffer = _unquoted.ToString();
    }
}
