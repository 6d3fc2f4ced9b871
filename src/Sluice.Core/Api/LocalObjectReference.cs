using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Names an object in the same namespace.</summary>
public sealed record LocalObjectReference
{
    /// <summary>Name of the object.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";
}
