using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Drift test used for features of each type, after Evidently's num_stattest and cat_stattest.</summary>
public sealed record DriftDefaults
{
    /// <summary>Test for numeric features; ks with threshold 0.05 when empty.</summary>
    [JsonPropertyName("numeric")]
    public DriftTest? Numeric { get; set; }

    /// <summary>Test for categorical features; chi2 with threshold 0.05 when empty.</summary>
    [JsonPropertyName("categorical")]
    public DriftTest? Categorical { get; set; }
}
