using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>An artifact a stage reads, and the upstream stage that writes it.</summary>
public sealed record StageInput
{
    /// <summary>Name of the artifact, as listed in the producing stage's outputs.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Name of the stage that outputs the artifact; it must be upstream of this stage.</summary>
    [JsonPropertyName("from")]
    [Required]
    public string From { get; set; } = "";
}
