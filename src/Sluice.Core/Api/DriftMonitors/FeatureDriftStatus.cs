using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Drift result of one feature.</summary>
public sealed record FeatureDriftStatus
{
    /// <summary>Feature name.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Test used.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; set; }

    /// <summary>Statistic or distance.</summary>
    [JsonPropertyName("score")]
    public double? Score { get; set; }

    /// <summary>p-value, for ks and chi2.</summary>
    [JsonPropertyName("pValue")]
    public double? PValue { get; set; }

    /// <summary>Threshold applied.</summary>
    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }

    /// <summary>Whether the feature drifted.</summary>
    [JsonPropertyName("drifted")]
    public bool? Drifted { get; set; }
}
