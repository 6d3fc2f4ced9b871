using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Where an environment variable's value comes from; set exactly one field.</summary>
public sealed record EnvVarSource
{
    /// <summary>A key of a Secret in the resource's namespace.</summary>
    [JsonPropertyName("secretKeyRef")]
    public KeySelector? SecretKeyRef { get; set; }

    /// <summary>A key of a ConfigMap in the resource's namespace.</summary>
    [JsonPropertyName("configMapKeyRef")]
    public KeySelector? ConfigMapKeyRef { get; set; }

    /// <summary>A field of the Pod, for example metadata.name.</summary>
    [JsonPropertyName("fieldRef")]
    public FieldSelector? FieldRef { get; set; }
}
