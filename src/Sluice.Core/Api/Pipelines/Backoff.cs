using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Exponential wait between attempts: duration, then duration*factor, capped by maxDuration.</summary>
public sealed record Backoff
{
    /// <summary>Wait before the first retry, such as 10s.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    /// <summary>Multiplier of the wait after each retry.</summary>
    [JsonPropertyName("factor")]
    [Range(1, 10)]
    public double? Factor { get; set; }

    /// <summary>Longest wait between attempts.</summary>
    [JsonPropertyName("maxDuration")]
    public string? MaxDuration { get; set; }
}
