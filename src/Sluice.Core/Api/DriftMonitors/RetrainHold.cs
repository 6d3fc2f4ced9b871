using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The last time a due retrain was held back, and why.</summary>
public sealed record RetrainHold
{
    /// <summary>When.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Cooldown, RunActive, CircuitOpen or PipelineNotFound.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>The reason in a sentence.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
