using System.Text.Json.Serialization;

namespace Sluice.Core.Profiles;

/// <summary>Whether a feature is compared as numbers (deciles, KS, Wasserstein) or as categories.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeatureKind>))]
public enum FeatureKind
{
    [JsonStringEnumMemberName("numeric")]
    Numeric,

    [JsonStringEnumMemberName("categorical")]
    Categorical,
}
