using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>How one gate rule came out; numbers are the decimal strings that were compared.</summary>
public sealed record GateRuleStatus
{
    /// <summary>The metric.</summary>
    [JsonPropertyName("metric")]
    public string? Metric { get; set; }

    /// <summary>HigherIsBetter or LowerIsBetter.</summary>
    [JsonPropertyName("direction")]
    public string? Direction { get; set; }

    /// <summary>The candidate's value.</summary>
    [JsonPropertyName("candidate")]
    public string? Candidate { get; set; }

    /// <summary>The serving version's value on the same test data.</summary>
    [JsonPropertyName("baseline")]
    public string? Baseline { get; set; }

    /// <summary>candidate - baseline.</summary>
    [JsonPropertyName("diff")]
    public string? Diff { get; set; }

    /// <summary>(candidate - baseline) / baseline, to 6 places.</summary>
    [JsonPropertyName("ratio")]
    public string? Ratio { get; set; }

    /// <summary>The rule's thresholds as written in the Pipeline, by field name.</summary>
    [JsonPropertyName("thresholds")]
    public Dictionary<string, string>? Thresholds { get; set; }

    /// <summary>Whether the rule passed.</summary>
    [JsonPropertyName("passed")]
    public bool? Passed { get; set; }

    /// <summary>The thresholds that failed (metric when the metric was missing).</summary>
    [JsonPropertyName("failed")]
    public List<string>? Failed { get; set; }
}
