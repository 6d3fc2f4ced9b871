using System.Text.Json.Serialization;

namespace Sluice.Core.Profiles;

/// <summary>
/// The baseline summary of a data set (<c>sluice.dev/profile/v1</c>), written by the validate step and read by
/// the drift monitor. Documented in docs/data-profile.md.
/// </summary>
public sealed record DataProfile
{
    public const string CurrentApiVersion = "sluice.dev/profile/v1";

    // Required when read: without it any JSON object would pass for an empty profile.
    [JsonPropertyName("apiVersion")]
    [JsonRequired]
    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <summary>Rows seen, including rows where some features were missing.</summary>
    [JsonPropertyName("rows")]
    public long Rows { get; init; }

    /// <summary>
    /// The label column, when the profile's maker knew it (<c>--target</c>). It is profiled like the others, so
    /// its distribution is on record, but it is not a feature: drift comparisons leave it out.
    /// </summary>
    [JsonPropertyName("target")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    [JsonPropertyName("features")]
    public IReadOnlyList<FeatureProfile> Features { get; init; } = [];
}
