using System.Security.Cryptography;
using System.Text;

namespace Sluice.Operator.Serving;

/// <summary>
/// Names of the serving objects. A Service name is a DNS-1035 label (at most 63 characters, starting with a letter)
/// and a Deployment's pods add 17 characters of hashes to its name, so long names are cut and given a hash of the
/// whole name to stay unique.
/// </summary>
internal static class ServingNames
{
    private const int MaxDeployment = 46;
    private const int MaxService = 63;

    /// <summary>The per-version Deployment and Service: the ModelVersion's name.</summary>
    public static string Version(string modelVersion) => Fit(modelVersion, MaxDeployment);

    /// <summary>The Service callers use: the model's name.</summary>
    public static string Model(string model) => Fit(model, MaxService);

    private static string Fit(string name, int max)
    {
        var label = char.IsAsciiLetterLower(name[0]) ? name : "m-" + name;
        if (label.Length <= max)
        {
            return label;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..5];
        return $"{label[..(max - 6)].TrimEnd('-')}-{hash}";
    }
}
