using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Selects a field of the Pod.</summary>
public sealed record FieldSelector
{
    /// <summary>Path of the field, for example metadata.name or status.podIP.</summary>
    [JsonPropertyName("fieldPath")]
    [Required]
    public string FieldPath { get; set; } = "";
}
