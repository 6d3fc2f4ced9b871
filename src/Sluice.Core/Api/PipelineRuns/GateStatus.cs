using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>The gate's verdict on the run's model, with every rule's figures.</summary>
public sealed record GateStatus
{
    /// <summary>Blessed (passed against the serving version), RubberStamped (no serving version: absolute bounds only) or Refused.</summary>
    [JsonPropertyName("result")]
    public string? Result { get; set; }

    /// <summary>Why, in one word: GatePassed, RubberStamped, GateRefused, MetricNotFound, UndefinedRelativeChange or BaselineChanged.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>The verdict in a sentence; for a refusal, the first failing rule with both values.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Name of the serving ModelVersion compared with; empty for a first model.</summary>
    [JsonPropertyName("baseline")]
    public string? Baseline { get; set; }

    /// <summary>Each rule's outcome.</summary>
    [JsonPropertyName("rules")]
    public List<GateRuleStatus>? Rules { get; set; }
}
