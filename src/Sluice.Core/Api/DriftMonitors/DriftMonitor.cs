using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Compares sampled serving requests of a model with its training-data profile and starts retraining on drift.</summary>
[CustomResource("DriftMonitor", "driftmonitors", "dm")]
[PrinterColumn(0, "Model", "string", ".spec.model")]
[PrinterColumn(1, "Verdict", "string", ".status.lastEvaluation.verdict")]
[PrinterColumn(2, "Drifted", "string", ".status.lastEvaluation.drifted")]
[PrinterColumn(3, "Streak", "integer", ".status.consecutiveDriftedWindows")]
[PrinterColumn(4, "Last Evaluated", "date", ".status.lastEvaluation.time")]
[PrinterColumn(5, "Last Retrain", "string", ".status.lastRetrain.runName", Priority = 1)]
public sealed record DriftMonitor
{
    /// <summary>sluice.dev/v1alpha1.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>DriftMonitor.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "DriftMonitor";

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ResourceMetadata Metadata { get; set; } = new();

    /// <summary>Desired state of the monitor.</summary>
    [JsonPropertyName("spec")]
    [Required]
    public DriftMonitorSpec Spec { get; set; } = new();

    /// <summary>Observed state of the monitor.</summary>
    [JsonPropertyName("status")]
    public DriftMonitorStatus? Status { get; set; }
}
