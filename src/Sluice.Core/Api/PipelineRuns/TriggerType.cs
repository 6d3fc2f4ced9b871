using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Why a PipelineRun was created.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TriggerType>))]
public enum TriggerType
{
    /// <summary>A user created it.</summary>
    Manual,

    /// <summary>The Pipeline's cron schedule.</summary>
    Schedule,

    /// <summary>A change of the Pipeline's spec (runPolicy.runOnSpecChange).</summary>
    SpecChange,

    /// <summary>A DriftMonitor detected drift.</summary>
    Drift,
}
