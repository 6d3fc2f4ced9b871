using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A parameter a run may set.</summary>
public sealed record ParamSpec
{
    /// <summary>Name used in $(params.NAME) references.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Length(1, 128)]
    [Pattern("^[a-zA-Z_][a-zA-Z0-9_.-]*$")]
    public string Name { get; set; } = "";

    /// <summary>Value when the run does not set one; a parameter without a default must be set by every run.</summary>
    [JsonPropertyName("default")]
    public string? Default { get; set; }

    /// <summary>What the parameter means.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }
}
