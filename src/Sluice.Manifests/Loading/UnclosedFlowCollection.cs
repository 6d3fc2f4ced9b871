namespace Sluice.Manifests.Loading;

/// <summary>
/// Finds the <c>[</c> or <c>{</c> that a YAML text opens and never closes before a given point. YamlDotNet's
/// scanner fails on such text with an internal error and no position, so the loader names the opener itself.
/// A light scan, enough to point at the bracket: comments and quoted scalars are skipped, and in block context a
/// bracket counts only where a value starts (after <c>key:</c>, <c>-</c> or at the start of a line), since
/// <c>image: repo[1]</c> is a plain scalar.
/// </summary>
internal static class UnclosedFlowCollection
{
    /// <summary>The innermost collection still open at <paramref name="end"/> (1-based line and column), or null.</summary>
    public static (char Opener, int Line, int Column)? Find(string text, int end)
    {
        var open = new Stack<(char Opener, int Line, int Column)>();
        int line = 1, column = 0;
        var previous = '\n'; // the last non-blank character of the line so far; '\n' at a line start
        for (var i = 0; i < Math.Min(end, text.Length); i++)
        {
            var c = text[i];
            column++;
            if (c == '\n')
            {
                line++;
                column = 0;
                previous = '\n';
                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                continue;
            }

            var valueStarts = previous is '\n' or ':' or '-' or ',' or '[' or '{' or '?';
            if (c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1])))
            {
                i = SkipTo(text, i, '\n') - 1;
                continue;
            }

            if (c is '"' or '\'' && (valueStarts || open.Count > 0))
            {
                var close = SkipQuoted(text, i);
                for (var j = i + 1; j < close && j < text.Length; j++)
                {
                    column++;
                    if (text[j] == '\n')
                    {
                        line++;
                        column = 0;
                    }
                }

                i = close;
                column++;
                previous = c;
                continue;
            }

            if (c is '[' or '{' && (valueStarts || open.Count > 0))
            {
                open.Push((c, line, column));
            }
            else if (c is ']' or '}' && open.Count > 0 && open.Peek().Opener == (c == ']' ? '[' : '{'))
            {
                open.Pop();
            }

            previous = c;
        }

        return open.Count > 0 ? open.Peek() : null;
    }

    private static int SkipTo(string text, int from, char stop)
    {
        var i = text.IndexOf(stop, from);
        return i < 0 ? text.Length : i;
    }

    // The index of the closing quote ('' is an escaped quote in single quotes, \" in double quotes).
    private static int SkipQuoted(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                if (quote == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return text.Length;
    }
}
