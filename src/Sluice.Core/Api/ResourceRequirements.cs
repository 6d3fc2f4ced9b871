using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Compute resources of a container, as Kubernetes quantities (for example cpu: 500m, memory: 1Gi).</summary>
public sealed record ResourceRequirements
{
    /// <summary>Resources the scheduler reserves for the container.</summary>
    [JsonPropertyName("requests")]
    public Dictionary<string, string>? Requests { get; set; }

    /// <summary>Most the container may use.</summary>
    [JsonPropertyName("limits")]
    public Dictionary<string, string>? Limits { get; set; }
}
