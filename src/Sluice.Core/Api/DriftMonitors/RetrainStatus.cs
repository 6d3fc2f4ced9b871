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
}
