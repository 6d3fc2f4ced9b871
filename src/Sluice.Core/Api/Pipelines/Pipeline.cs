using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A template for training a model: a DAG of stages, each run as a Kubernetes Job, passing artifacts through S3.</summary>
[CustomResource("Pipeline", "pipelines", "pl")]
[PrinterColumn(0, "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn(1, "Last Run", "string", ".status.lastRun.name")]
[PrinterColumn(2, "Age", "date", ".metadata.creationTimestamp")]
public sealed record Pipeline
{
    /// <summary>sluice.dev/v1alpha1.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>Pipeline.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Pipeline";

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ResourceMetadata Metadata { get; set; } = new();

    /// <summary>Desired state of the Pipeline.</summary>
    [JsonPropertyName("spec")]
    [Required]
    public PipelineSpec Spec { get; set; } = new();

    /// <summary>Observed state of the Pipeline.</summary>
    [JsonPropertyName("status")]
    public PipelineStatus? Status { get; set; }
}
