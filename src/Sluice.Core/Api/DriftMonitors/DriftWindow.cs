using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The serving requests one evaluation compares with the baseline.</summary>
public sealed record DriftWindow
{
    /// <summary>How far back one evaluation reads serving logs, such as 24h; spec.interval when empty, so windows tile time without overlap and consecutive drifted windows are independent evidence.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    /// <summary>How long after a window ends its evaluation waits for late log files, such as 1m; at least the servers' request-log flush interval (10s by default).</summary>
    [JsonPropertyName("allowedLateness")]
    [Default("1m")]
    public string? AllowedLateness { get; set; }

    /// <summary>Fewest logged rows for a verdict; a window with fewer is InsufficientData, which neither counts towards nor resets the streak.</summary>
    [JsonPropertyName("minSamples")]
    [Range(1)]
    [Default(100)]
    public int? MinSamples { get; set; }

    /// <summary>Most logged rows one evaluation compares: a larger window is sampled down to this many rows, reproducibly.</summary>
    [JsonPropertyName("maxSamples")]
    [Range(100, 10000000)]
    [Default(100000)]
    public int? MaxSamples { get; set; }
}
