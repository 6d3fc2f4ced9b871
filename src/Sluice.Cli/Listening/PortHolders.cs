using System.Globalization;

namespace Sluice.Cli.Listening;

/// <summary>
/// Which process listens on a TCP port, read from Linux's <c>/proc</c> (as <c>ss -ltnp</c> does): the socket's
/// inode from <c>/proc/net/tcp</c> and <c>tcp6</c>, then the process whose <c>fd/</c> links to it. Processes of
/// other users cannot be looked into without root; then only "another process" is known.
/// </summary>
internal static class PortHolders
{
    private const string ListenState = "0A";

    /// <summary><c>pid 42 (sluice serve --port 8080)</c>, <c>another user's process</c>, or null when unknown.</summary>
    public static string? Describe(int port, string procRoot = "/proc")
    {
        try
        {
            var inodes = ListeningInodes(port, procRoot);
            if (inodes.Count == 0)
            {
                return null;
            }

            foreach (var pidDir in Directory.EnumerateDirectories(procRoot))
            {
                if (!int.TryParse(Path.GetFileName(pidDir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !Holds(pidDir, inodes))
                {
                    continue;
                }

                return $"pid {pid} ({CommandLine(pidDir)})";
            }

            return "a process of another user";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // /proc/net/tcp lines: "sl local_address rem_address st ... uid timeout inode", addresses as HEXIP:HEXPORT.
    private static HashSet<string> ListeningInodes(int port, string procRoot)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "net/tcp", "net/tcp6" })
        {
            var path = Path.Combine(procRoot, table);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != ListenState)
                {
                    continue;
                }

                var colon = fields[1].LastIndexOf(':');
                if (colon > 0 && int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && p == port)
                {
                    inodes.Add(fields[9]);
                }
            }
        }

        return inodes;
    }

    private static bool Holds(string pidDir, HashSet<string> inodes)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(pidDir, "fd")))
            {
                // A socket's link reads "socket:[INODE]".
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's process, or one that just exited.
        }

        return false;
    }

    private static string CommandLine(string pidDir)
    {
        const int MaxLength = 80;
        try
        {
            var parts = File.ReadAllText(Path.Combine(pidDir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            // The program by its name, not its path: "sluice serve --port 8080".
            var text = parts.Length == 0 ? File.ReadAllText(Path.Combine(pidDir, "comm")).Trim() : string.Join(' ', [Path.GetFileName(parts[0]), .. parts.Skip(1)]);
            return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unknown command";
        }
    }
}
