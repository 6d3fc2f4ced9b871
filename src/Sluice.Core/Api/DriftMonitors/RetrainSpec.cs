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

    /// <summary>Least time from the start of one retraining run to the next, such as 24h.</summary>
    [JsonPropertyName("cooldown")]
    [Default("24h")]
    public string? Cooldown { get; set; }

    /// <summary>Retraining runs in a row whose gate refused the model after which retraining is suspended (the circuit breaker), until the spec changes or a person sets the annotation sluice.dev/action: reset.</summary>
    [JsonPropertyName("maxConsecutiveRefusals")]
    [Range(1, 100)]
    [Default(2)]
    public int? MaxConsecutiveRefusals { get; set; }

    /// <summary>Parameter values for the run.</summary>
    [JsonPropertyName("params")]
    public List<ParamValue>? Params { get; set; }
}
