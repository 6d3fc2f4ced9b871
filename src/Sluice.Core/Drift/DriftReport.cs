using System.Text.Json.Serialization;

namespace Sluice.Core.Drift;

/// <summary>The data-set verdict: drifted when the share of drifted features reaches the share threshold.</summary>
public sealed record DriftReport(
    [property: JsonPropertyName("datasetDrift")] bool DatasetDrift,
    [property: JsonPropertyName("driftedFeatures")] int DriftedFeatures,
    [property: JsonPropertyName("driftShare")] double DriftShare,
    [property: JsonPropertyName("shareThreshold")] double ShareThreshold,
    [property: JsonPropertyName("correction")] string Correction,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureDriftResult> Features);
