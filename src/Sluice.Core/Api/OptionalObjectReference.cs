using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Names an object in the same namespace that may be allowed to be missing.</summary>
public sealed record OptionalObjectReference
{
    /// <summary>Name of the object.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Whether the object may be missing.</summary>
    [JsonPropertyName("optional")]
    public bool? Optional { get; set; }
}
