using System.Globalization;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>The process groups a kubelet lists for its reaper, and whether a group still has members (from /proc).</summary>
internal static class ProcessGroups
{
    /// <summary>The groups listed in a kubelet's <c>groups.d</c>: one file per group, named by its id.</summary>
    public static IEnumerable<int> Listed(string directory) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory).Select(f => int.TryParse(Path.GetFileName(f), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : 0).Where(g => g > 1).ToList()
        : [];

    public static bool HasMembers(int group)
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                // Field 5 of /proc/PID/stat is the process group; the name in field 2 may hold spaces, so count from its ')'.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 2 && fields[0] != "Z" && fields[2] == group.ToString(CultureInfo.InvariantCulture))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a process, or one that just ended.
            }
        }

        return false;
    }
}
