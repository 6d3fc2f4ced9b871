using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Observed state of a Pipeline.</summary>
public sealed record PipelineStatus
{
    /// <summary>metadata.generation last handled by the operator.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    /// <summary>Conditions; Ready is True when the spec is valid and the Pipeline can run.</summary>
    [JsonPropertyName("conditions")]
    public List<Condition>? Conditions { get; set; }

    /// <summary>The most recently started run.</summary>
    [JsonPropertyName("lastRun")]
    public LastRunStatus? LastRun { get; set; }

    /// <summary>Digest of the spec the last spec-change run was started for (runPolicy.runOnSpecChange), so each spec runs once.</summary>
    [JsonPropertyName("specDigest")]
    public string? SpecDigest { get; set; }

    /// <summary>When the schedule last started a run.</summary>
    [JsonPropertyName("lastScheduleTime")]
    public DateTimeOffset? LastScheduleTime { get; set; }
}
