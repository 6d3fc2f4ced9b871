using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Resources;

/// <summary>A ModelVersion as KubernetesClient reads and writes it: the Core API type with full object metadata.</summary>
internal sealed class ModelVersionResource : IKubernetesObject<V1ObjectMeta>, ISpec<ModelVersionSpec>, IStatus<ModelVersionStatus?>
{
    public const string KindName = "ModelVersion";
    public const string Plural = "modelversions";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ModelVersionSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public ModelVersionStatus? Status { get; set; }
}
