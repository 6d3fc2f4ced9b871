using System.Text;

namespace Sluice.Runner;

/// <summary>
/// Kubernetes' <c>$(VAR_NAME)</c> expansion of a container's command, args and env values: a reference to a variable
/// of the container's env becomes its value, any other reference stays as written, and <c>$$</c> escapes a
/// <c>$</c>. The kubelet does this for a Job's container, so a local run does it too.
/// </summary>
internal static class EnvExpansion
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 == text.Length)
            {
                result.Append(text[i]);
                continue;
            }

            var next = text[i + 1];
            if (next == '$')
            {
                result.Append('$');
                i++;
            }
            else if (next == '(' && text.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = text[(i + 2)..close];
                result.Append(variables.TryGetValue(name, out var value) ? value : text[i..(close + 1)]);
                i = close;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }
}
