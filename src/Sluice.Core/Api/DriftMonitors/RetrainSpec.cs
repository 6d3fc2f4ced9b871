using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The Pipeline run when drift is detected.</summary>
public sealed record RetrainSpec
{
    /// <summary>The Pipeline to run, in the same namespace.</summary>
    [JsonPropertyName("pipelineRef")]
    [Required]
    public LocalObjectReference PipelineRef { get; set; } = new();

    /// <summary>Least time between two retraining runs, such as 24h.</summary>
    [JsonPropertyName("cooldown")]
    [Default("24h")]
    public string? Cooldown { get; set; }

    /// <summary>Parameter values for the run.</summary>
    [JsonPropertyName("params")]
    public List<ParamValue>? Params { get; set; }
}
