using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A wait between canary steps.</summary>
public sealed record PauseStep
{
    /// <summary>How long to wait, such as 5m; without it the rollout waits until the ModelVersion is promoted by hand.</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; set; }
}
