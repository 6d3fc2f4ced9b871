using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of one stage of a run.</summary>
public sealed record StageStatus
{
    /// <summary>Name of the stage.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Lifecycle phase of the stage.</summary>
    [JsonPropertyName("phase")]
    public StagePhase? Phase { get; set; }

    /// <summary>Current attempt, starting at 1.</summary>
    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }

    /// <summary>Name of the Job of the current attempt.</summary>
    [JsonPropertyName("jobName")]
    public string? JobName { get; set; }

    /// <summary>When the first attempt started.</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the stage finished.</summary>
    [JsonPropertyName("completionTime")]
    public DateTimeOffset? CompletionTime { get; set; }

    /// <summary>CamelCase reason of the current phase, such as BackoffLimitExceeded or DeadlineExceeded.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Human-readable details.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>URIs of the artifacts the stage wrote, by artifact name.</summary>
    [JsonPropertyName("outputs")]
    public Dictionary<string, string>? Outputs { get; set; }

    /// <summary>
    /// The small results the stage left as its termination message on success (a JSON object of at most 4096
    /// bytes, such as its metrics); see docs/stage-contract.md.
    /// </summary>
    [JsonPropertyName("results")]
    [PreserveUnknownFields]
    public JsonElement? Results { get; set; }
}
