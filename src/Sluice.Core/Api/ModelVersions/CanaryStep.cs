using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One canary step: set exactly one of setWeight and pause.</summary>
public sealed record CanaryStep
{
    /// <summary>Percentage of traffic sent to the canary, 0..100; weights must increase from step to step.</summary>
    [JsonPropertyName("setWeight")]
    [Range(0, 100)]
    public int? SetWeight { get; set; }

    /// <summary>Wait before the next step.</summary>
    [JsonPropertyName("pause")]
    public PauseStep? Pause { get; set; }
}
