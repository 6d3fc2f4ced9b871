using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Lifecycle phase of one stage of a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StagePhase>))]
public enum StagePhase
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,

    /// <summary>Its Job is running (or waiting for a retry).</summary>
    Running,

    /// <summary>Its Job succeeded.</summary>
    Succeeded,

    /// <summary>Its last attempt failed.</summary>
    Failed,

    /// <summary>Not run because a dependency failed or the run was cancelled first.</summary>
    Skipped,

    /// <summary>Stopped because the run was cancelled.</summary>
    Cancelled,
}
