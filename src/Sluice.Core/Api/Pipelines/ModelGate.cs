using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>
/// The model gate (TFX's blessing): every rule must pass for the run to register the model. The serving (Stable)
/// version of the model is the baseline, measured on this run's test data.
/// </summary>
public sealed record ModelGate
{
    /// <summary>The rules, each on one metric of the metrics stage's results; all must pass.</summary>
    [JsonPropertyName("rules")]
    [Required]
    [Length(1, 32)]
    public List<GateRuleSpec> Rules { get; set; } = [];
}
