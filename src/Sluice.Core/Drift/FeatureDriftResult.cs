using System.Text.Json.Serialization;

namespace Sluice.Core.Drift;

/// <summary>The verdict for one feature and every statistic computed for it.</summary>
public sealed record FeatureDriftResult
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("method")] public required string Method { get; init; }

    /// <summary>The method's value: a p-value (after correction) for ks/chi2, else the distance.</summary>
    [JsonPropertyName("score")] public required double Score { get; init; }
    [JsonPropertyName("threshold")] public required double Threshold { get; init; }
    [JsonPropertyName("drifted")] public required bool Drifted { get; init; }

    /// <summary>The uncorrected p-value, for ks/chi2.</summary>
    [JsonPropertyName("pValue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? PValue { get; init; }

    [JsonPropertyName("missingShareReference")] public required double MissingShareReference { get; init; }
    [JsonPropertyName("missingShareCurrent")] public required double MissingShareCurrent { get; init; }
    [JsonPropertyName("referenceCount")] public required long ReferenceCount { get; init; }
    [JsonPropertyName("currentCount")] public required long CurrentCount { get; init; }

    /// <summary>Keys as in reference_cases.json; only those computable from the inputs are present.</summary>
    [JsonPropertyName("statistics")] public required IReadOnlyDictionary<string, object> Statistics { get; init; }

    /// <summary>Why some statistics are absent (e.g. KS needs raw samples, not a profile).</summary>
    [JsonPropertyName("notes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Notes { get; init; }
}
