using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The serving requests one evaluation compares with the baseline.</summary>
public sealed record DriftWindow
{
    /// <summary>How far back to read serving logs, such as 24h.</summary>
    [JsonPropertyName("duration")]
    [Default("24h")]
    public string? Duration { get; set; }

    /// <summary>Fewest logged rows for an evaluation; with fewer the evaluation is skipped.</summary>
    [JsonPropertyName("minSamples")]
    [Range(1)]
    [Default(100)]
    public int? MinSamples { get; set; }
}
