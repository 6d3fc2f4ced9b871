using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Summary of a Pipeline's most recent run.</summary>
public sealed record LastRunStatus
{
    /// <summary>Name of the PipelineRun.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Phase of the PipelineRun.</summary>
    [JsonPropertyName("phase")]
    public RunPhase? Phase { get; set; }

    /// <summary>When the run started.</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the run finished.</summary>
    [JsonPropertyName("completionTime")]
    public DateTimeOffset? CompletionTime { get; set; }
}
