using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Desired state of a PipelineRun.</summary>
public sealed record PipelineRunSpec
{
    /// <summary>The Pipeline to run, in the same namespace.</summary>
    [JsonPropertyName("pipelineRef")]
    [Required]
    public LocalObjectReference PipelineRef { get; set; } = new();

    /// <summary>Values of the Pipeline's parameters; unset ones take their defaults.</summary>
    [JsonPropertyName("params")]
    [Length(0, 64)]
    [CelRule("self.all(p, self.exists_one(q, q.name == p.name))", "parameter names must be unique")]
    public List<ParamValue>? Params { get; set; }

    /// <summary>What started the run.</summary>
    [JsonPropertyName("trigger")]
    public RunTrigger? Trigger { get; set; }

    /// <summary>Set to true to cancel the run: running Jobs are deleted and the run ends Cancelled.</summary>
    [JsonPropertyName("cancel")]
    [Default(false)]
    public bool? Cancel { get; set; }
}
