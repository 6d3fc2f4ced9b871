using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One version of a model: an ONNX file served by the Sluice inference server and rolled out by canary.</summary>
[CustomResource("ModelVersion", "modelversions", "mv")]
[PrinterColumn(0, "Model", "string", ".spec.model")]
[PrinterColumn(1, "Version", "string", ".spec.version")]
[PrinterColumn(2, "Role", "string", ".status.role")]
[PrinterColumn(3, "Phase", "string", ".status.phase")]
[PrinterColumn(4, "Weight", "integer", ".status.canaryWeight")]
[PrinterColumn(5, "Step", "integer", ".status.currentStepIndex")]
[PrinterColumn(6, "Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status")]
[PrinterColumn(7, "URL", "string", ".status.url")]
public sealed record ModelVersion
{
    /// <summary>sluice.dev/v1alpha1.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    /// <summary>ModelVersion.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "ModelVersion";

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ResourceMetadata Metadata { get; set; } = new();

    /// <summary>Desired state of the model version.</summary>
    [JsonPropertyName("spec")]
    [Required]
    public ModelVersionSpec Spec { get; set; } = new();

    /// <summary>Observed state of the model version.</summary>
    [JsonPropertyName("status")]
    public ModelVersionStatus? Status { get; set; }
}
