using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>What a successful run registers as a ModelVersion, and the gate it must pass.</summary>
public sealed record ModelRegistration
{
    /// <summary>Model name that groups the versions (ModelVersion spec.model).</summary>
    [JsonPropertyName("name")]
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [Length(1, 63)]
    public string Name { get; set; } = "";

    /// <summary>The stage output holding the ONNX model.</summary>
    [JsonPropertyName("artifact")]
    [Required]
    public StageInput Artifact { get; set; } = new();

    /// <summary>The stage output holding the training-data profile (the drift baseline).</summary>
    [JsonPropertyName("profile")]
    public StageInput? Profile { get; set; }

    /// <summary>The stage output holding the metrics JSON file (an object of metric name to number).</summary>
    [JsonPropertyName("metrics")]
    public StageInput? Metrics { get; set; }

    /// <summary>Conditions the metrics must meet for the run to register the model.</summary>
    [JsonPropertyName("gate")]
    public ModelGate? Gate { get; set; }
}
