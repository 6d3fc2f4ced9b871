using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Lifecycle phase of a PipelineRun.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunPhase>))]
public enum RunPhase
{
    /// <summary>Accepted, no stage started yet.</summary>
    Pending,

    /// <summary>At least one stage started and the run has not finished.</summary>
    Running,

    /// <summary>Every stage succeeded.</summary>
    Succeeded,

    /// <summary>A stage failed after its retries, or the run could not start.</summary>
    Failed,

    /// <summary>spec.cancel was set.</summary>
    Cancelled,
}
