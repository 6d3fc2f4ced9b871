using System.Globalization;

namespace Sluice.Core.Registration;

/// <summary>Versions v1, v2, ... per model, and the ModelVersion name &lt;model&gt;-&lt;version&gt;.</summary>
public static class ModelVersionNames
{
    /// <summary>One past the highest vN among <paramref name="versions"/> (other labels are ignored).</summary>
    public static string NextVersion(IEnumerable<string?> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var highest = 0;
        foreach (var version in versions)
        {
            if (version is ['v', .. var digits] && digits.Length is > 0 and < 10 && digits.All(char.IsAsciiDigit)
                && int.Parse(digits, CultureInfo.InvariantCulture) is var n && n > highest)
            {
                highest = n;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"v{highest + 1}");
    }

    /// <summary>
    /// The next version of <paramref name="model"/> whose ModelVersion name no object in the namespace has yet:
    /// names are per namespace, versions per model, so another model's "bc-v1" must not stop model bc.
    /// </summary>
    public static string NextFree(string model, IEnumerable<string?> versionsOfModel, IReadOnlySet<string> takenNames)
    {
        ArgumentNullException.ThrowIfNull(takenNames);
        var version = NextVersion(versionsOfModel);
        while (takenNames.Contains(Name(model, version)))
        {
            version = NextVersion([version]);
        }

        return version;
    }

    public static string Name(string model, string version) => $"{model}-{version.ToLowerInvariant().Replace('_', '-').Replace('.', '-')}";
}
