using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>Imports every key of a Secret or ConfigMap as environment variables; set exactly one of secretRef and configMapRef.</summary>
public sealed record EnvFromSource
{
    /// <summary>Prefix added to every variable name.</summary>
    [JsonPropertyName("prefix")]
    public string? Prefix { get; set; }

    /// <summary>The Secret to import.</summary>
    [JsonPropertyName("secretRef")]
    public OptionalObjectReference? SecretRef { get; set; }

    /// <summary>The ConfigMap to import.</summary>
    [JsonPropertyName("configMapRef")]
    public OptionalObjectReference? ConfigMapRef { get; set; }
}
