using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The value of one parameter for a run.</summary>
public sealed record ParamValue
{
    /// <summary>Name of a parameter the Pipeline declares.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Length(1, 128)]
    public string Name { get; set; } = "";

    /// <summary>Its value.</summary>
    [JsonPropertyName("value")]
    [Required]
    public string Value { get; set; } = "";
}
