using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Resources;

/// <summary>A PipelineRun as KubernetesClient reads and writes it: the Core API type with full object metadata.</summary>
internal sealed class PipelineRunResource : IKubernetesObject<V1ObjectMeta>, ISpec<PipelineRunSpec>, IStatus<PipelineRunStatus?>
{
    public const string KindName = "PipelineRun";
    public const string Plural = "pipelineruns";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PipelineRunSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public PipelineRunStatus? Status { get; set; }
}
