using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The last retraining run a DriftMonitor started.</summary>
public sealed record RetrainStatus
{
    /// <summary>When it was started.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; set; }

    /// <summary>Name of the PipelineRun.</summary>
    [JsonPropertyName("runName")]
    public string? RunName { get; set; }

    /// <summary>End of the window whose drift started it.</summary>
    [JsonPropertyName("windowEnd")]
    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>Running, Registered (its gate passed and it registered a ModelVersion), Refused (its gate refused the model), Failed or Cancelled.</summary>
    [JsonPropertyName("outcome")]
    public string? Outcome { get; set; }

    /// <summary>The ModelVersion it registered.</summary>
    [JsonPropertyName("modelVersion")]
    public string? ModelVersion { get; set; }
}
