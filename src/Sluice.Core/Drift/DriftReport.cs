using System.Text.Json.Serialization;

namespace Sluice.Core.Drift;

/// <summary>The data-set verdict: drifted when the share of drifted features reaches the share threshold.</summary>
public sealed record DriftReport(
    [property: JsonPropertyName("datasetDrift")] bool DatasetDrift,
    [property: JsonPropertyName("driftedFeatures")] int DriftedFeatures,
    [property: JsonPropertyName("driftShare")] double DriftShare,
    [property: JsonPropertyName("shareThreshold")] double ShareThreshold,
    [property: JsonPropertyName("correction")] string Correction,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureDriftResult> Features)
{
    /// <summary>The label column left out of the comparison, when one was known.</summary>
    [JsonPropertyName("target")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    /// <summary>The fewest drifted features that make data-set drift: at least one, and a share at the threshold.</summary>
    [JsonIgnore]
    public int FeaturesForDatasetDrift =>
        Enumerable.Range(1, Math.Max(1, Features.Count)).First(k => Features.Count == 0 || (double)k / Features.Count >= ShareThreshold);
}
