namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// What a container runs, as a container runtime resolves an image's entrypoint and a pod's command and args: the
/// mapped executable stands for the image's ENTRYPOINT. No <c>command</c>: the executable with <c>args</c>. A
/// <c>command</c> whose first word names the executable (its file name or a path ending in it, for example
/// <c>sluice</c> or <c>/usr/local/bin/sluice</c>): the executable with the rest. Any other command runs from this
/// machine's PATH (<c>/bin/sh -c ...</c>). <c>$(VAR)</c> references are expanded from the pod's own variables.
/// </summary>
internal static class ContainerCommand
{
    public static (string Executable, List<string> Args) Resolve(string entrypoint, IReadOnlyList<string> command, IReadOnlyList<string> args, Func<string, string?> env, string? path = null)
    {
        var words = command.Select(c => EnvExpansion.Expand(c, env)).ToList();
        var rest = args.Select(a => EnvExpansion.Expand(a, env));
        if (words.Count == 0)
        {
            return (entrypoint, rest.ToList());
        }

        var first = words[0];
        var name = Path.GetFileName(entrypoint);
        var executable = first == name || first.EndsWith("/" + name, StringComparison.Ordinal) ? entrypoint : OnPath(first, path);
        return (executable, [.. words.Skip(1), .. rest]);
    }

    /// <summary>The file a command word names: a path as is, a bare name looked up on PATH (as execvp does); null when not found.</summary>
    private static string OnPath(string word, string? path)
    {
        if (word.Contains('/', StringComparison.Ordinal))
        {
            return word;
        }

        foreach (var dir in (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, word);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return word;
    }
}
