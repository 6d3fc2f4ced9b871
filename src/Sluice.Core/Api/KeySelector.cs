using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Selects one key of a Secret or ConfigMap.</summary>
public sealed record KeySelector
{
    /// <summary>Name of the Secret or ConfigMap.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Key within it.</summary>
    [JsonPropertyName("key")]
    [Required]
    public string Key { get; set; } = "";

    /// <summary>Whether the Secret or ConfigMap or its key may be missing.</summary>
    [JsonPropertyName("optional")]
    public bool? Optional { get; set; }
}
