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

    public static string Name(string model, string version) => $"{model}-{version.ToLowerInvariant().Replace('_', '-').Replace('.', '-')}";
}
