using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Lifecycle phase of a ModelVersion.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelVersionPhase>))]
public enum ModelVersionPhase
{
    /// <summary>Accepted, servers not started.</summary>
    Pending,

    /// <summary>Servers starting.</summary>
    Deploying,

    /// <summary>Canary rollout in progress.</summary>
    Progressing,

    /// <summary>Canary rollout waiting on a pause without duration.</summary>
    Paused,

    /// <summary>Serving as Stable.</summary>
    Serving,

    /// <summary>Rollout aborted by analysis; traffic back on Stable.</summary>
    Aborted,

    /// <summary>Replaced by a newer version.</summary>
    Retired,

    /// <summary>Cannot be served (bad model file, checksum mismatch).</summary>
    Failed,
}
