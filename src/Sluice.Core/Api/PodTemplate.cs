using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The part of a Pod spec applied to every stage's Pod (Tekton's podTemplate, reduced to scheduling).</summary>
public sealed record PodTemplate
{
    /// <summary>Labels a node must carry for the Pod to run there.</summary>
    [JsonPropertyName("nodeSelector")]
    public Dictionary<string, string>? NodeSelector { get; set; }

    /// <summary>Taints the Pod tolerates.</summary>
    [JsonPropertyName("tolerations")]
    public List<Toleration>? Tolerations { get; set; }

    /// <summary>A Kubernetes core/v1 Affinity object, passed to the Pod unchanged and not validated by Sluice.</summary>
    [JsonPropertyName("affinity")]
    [PreserveUnknownFields]
    public JsonElement? Affinity { get; set; }
}
