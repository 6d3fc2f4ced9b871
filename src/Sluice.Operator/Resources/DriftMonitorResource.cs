using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Resources;

/// <summary>A DriftMonitor as KubernetesClient reads and writes it: the Core API type with full object metadata.</summary>
internal sealed class DriftMonitorResource : IKubernetesObject<V1ObjectMeta>, ISpec<DriftMonitorSpec>, IStatus<DriftMonitorStatus?>
{
    public const string KindName = "DriftMonitor";
    public const string Plural = "driftmonitors";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroup.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public DriftMonitorSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public DriftMonitorStatus? Status { get; set; }
}
