using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Resources;

/// <summary>A Pipeline as KubernetesClient reads and writes it: the Core API type with full object metadata.</summary>
internal sealed class PipelineResource : IKubernetesObject<V1ObjectMeta>, ISpec<PipelineSpec>, IStatus<PipelineStatus?>
{
    public const string KindName = "Pipeline";
    public const string Plural = "pipelines";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PipelineSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public PipelineStatus? Status { get; set; }
}
