using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One execution of a Pipeline.</summary>
[CustomResource("PipelineRun", "pipelineruns", "plr", "plrs")]
[PrinterColumn(0, "Succeeded", "string", ".status.conditions[?(@.type==\"Succeeded\")].status")]
[PrinterColumn(1, "Reason", "string", ".status.conditions[?(@.type==\"Succeeded\")].reason")]
[PrinterColumn(2, "Progress", "string", ".status.progress")]
[PrinterColumn(3, "Model", "string", ".status.modelVersion")]
[PrinterColumn(4, "Gate", "string", ".status.gate.message")]
[PrinterColumn(5, "Started", "date", ".status.startTime")]
[PrinterColumn(6, "Duration", "string", ".status.duration")]
public sealed record PipelineRun
{
    /// <summary>sluice.dev/v1alpha1.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>PipelineRun.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PipelineRun";

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ResourceMetadata Metadata { get; set; } = new();

    /// <summary>What to run.</summary>
    [JsonPropertyName("spec")]
    [Required]
    public PipelineRunSpec Spec { get; set; } = new();

    /// <summary>Observed state of the run.</summary>
    [JsonPropertyName("status")]
    public PipelineRunStatus? Status { get; set; }
}
