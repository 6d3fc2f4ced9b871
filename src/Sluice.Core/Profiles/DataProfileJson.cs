using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Core.Profiles;

/// <summary>Reads and writes <c>sluice.dev/profile/v1</c> JSON.</summary>
public static class DataProfileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A file and a printout for people: "<=50K" and "é" stay as written (only JSON's own escapes are made).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(DataProfile profile) => JsonSerializer.Serialize(profile, Options);

    /// <summary>Parses a profile; a wrong or missing apiVersion is an error saying which versions are read.</summary>
    public static DataProfile Deserialize(string json)
    {
        DataProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<DataProfile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not a valid data profile: {ex.Message}", ex);
        }

        if (profile is null)
        {
            throw new FormatException("not a valid data profile: the document is null");
        }

        if (profile.ApiVersion != DataProfile.CurrentApiVersion)
        {
            throw new FormatException(
                $"data profile apiVersion is \"{profile.ApiVersion}\"; this version of Sluice reads \"{DataProfile.CurrentApiVersion}\"");
        }

        return profile;
    }
}
