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

    /// <summary>
    /// The stage output holding the metrics file; the gate reads the numbers in that stage's results (its termination
    /// message), the candidate's at the top level and the serving model's under "baseline".
    /// </summary>
    [JsonPropertyName("metrics")]
    public StageInput? Metrics { get; set; }

    /// <summary>The stage output holding the training data; its sha256 becomes the version's lineage.datasetDigest.</summary>
    [JsonPropertyName("dataset")]
    public StageInput? Dataset { get; set; }

    /// <summary>Rules the metrics must pass, against the serving version, for the run to register the model; without it every successful run registers.</summary>
    [JsonPropertyName("gate")]
    public ModelGate? Gate { get; set; }

    /// <summary>How registered versions are served (copied into each ModelVersion's spec.serving).</summary>
    [JsonPropertyName("serving")]
    public ServingSpec? Serving { get; set; }

    /// <summary>How registered versions replace the serving one (copied into each ModelVersion's spec.rollout).</summary>
    [JsonPropertyName("rollout")]
    public RolloutSpec? Rollout { get; set; }
}
