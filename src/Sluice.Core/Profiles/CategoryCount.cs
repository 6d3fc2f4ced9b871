using System.Text.Json.Serialization;

namespace Sluice.Core.Profiles;

/// <summary>How many non-missing values of a feature were one category.</summary>
public sealed record CategoryCount(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("count")] long Count);
