using System.Globalization;
using Sluice.Core.Api;

namespace Sluice.Core.Registration;

/// <summary>
/// Which version of a model a new run must beat: the one serving (role Stable); before any version serves, the
/// latest one registered that was not retired (TFX's latest blessed model), so that two runs in a row compare
/// with each other even while the first is still on its way to production.
/// </summary>
public static class BaselineSelection
{
    /// <summary>A version as the selection sees it.</summary>
    public sealed record Candidate(string Name, string Version, ModelRole? Role, DateTimeOffset? Created);

    public static Candidate? Pick(IEnumerable<Candidate> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var all = versions.ToList();
        var latestFirst = all.OrderByDescending(v => Number(v.Version)).ThenByDescending(v => v.Created).ThenByDescending(v => v.Name, StringComparer.Ordinal).ToList();
        return latestFirst.FirstOrDefault(v => v.Role == ModelRole.Stable) ?? latestFirst.FirstOrDefault(v => v.Role != ModelRole.Retired);
    }

    private static long Number(string version) =>
        version is ['v', .. var digits] && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}
