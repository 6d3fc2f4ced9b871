using System.Text.Json;

namespace Sluice.Serving.Protocol;

/// <summary>
/// A \u escape that is not valid Unicode (a lone surrogate such as "\ud800") passes the JSON reader and fails
/// only when the string or property name is read, anywhere in a parser. Checked once, right after parsing, and
/// only for bodies that contain a \u escape at all, so the error names the field and the parsers stay plain.
/// </summary>
internal static class UnicodeEscapes
{
    public static void Check(ReadOnlySpan<byte> body, JsonElement root)
    {
        if (body.IndexOf("\\u"u8) >= 0)
        {
            Check(root, "body");
        }
    }

    private static void Check(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    var name = Read(() => property.Name, $"property {index} of {path}");
                    Check(property.Value, $"{path}.{name}");
                    index++;
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.String:
                Read(element.GetString, path);
                break;
        }
    }

    private static string Read(Func<string?> read, string path)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException ex)
        {
            throw new InferenceRequestException($"{path} is a string that is not valid Unicode ({ex.Message}); send UTF-8 text or paired \\u escapes");
        }
    }
}
