using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Method and threshold for one feature.</summary>
public sealed record FeatureDriftOverride
{
    /// <summary>Feature name, as in the profile.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Length(1, 256)]
    public string Name { get; set; } = "";

    /// <summary>Drift test for this feature; the type default when empty.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; set; }

    /// <summary>Threshold for this feature; the method's default when empty.</summary>
    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }

    /// <summary>Leave the feature out of drift evaluation; false when empty (no schema default, so re-applying a list of features is a no-op).</summary>
    [JsonPropertyName("ignore")]
    public bool? Ignore { get; set; }
}
