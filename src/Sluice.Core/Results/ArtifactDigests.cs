using System.Text.Json;

namespace Sluice.Core.Results;

/// <summary>
/// The sha256 a stage reports for each output it wrote, in its results as
/// <c>{"artifacts": {"model": {"sha256": "...", "size": 1234}}}</c> (docs/stage-contract.md).
/// </summary>
public static class ArtifactDigests
{
    public const string Member = "artifacts";

    /// <summary>The output's lower-case hex sha256, or null when the stage did not report a well-formed one.</summary>
    public static string? Sha256(IReadOnlyDictionary<string, JsonElement>? results, string output)
    {
        if (results is null || !results.TryGetValue(Member, out var artifacts) || artifacts.ValueKind != JsonValueKind.Object
            || !artifacts.TryGetProperty(output, out var artifact) || artifact.ValueKind != JsonValueKind.Object
            || !artifact.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = sha.GetString()!;
        return text.Length == 64 && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? text : null;
    }
}
