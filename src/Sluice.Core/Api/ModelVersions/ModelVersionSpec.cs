using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Desired state of a ModelVersion.</summary>
public sealed record ModelVersionSpec
{
    /// <summary>Model name that groups versions; one version per model is Stable, at most one is Canary.</summary>
    [JsonPropertyName("model")]
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [Length(1, 63)]
    public string Model { get; set; } = "";

    /// <summary>Version label, such as v3 or 2026-11-23.1; unique per model.</summary>
    [JsonPropertyName("version")]
    [Required]
    [Pattern("^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$")]
    [Length(1, 63)]
    public string Version { get; set; } = "";

    /// <summary>Where the model file is.</summary>
    [JsonPropertyName("source")]
    [Required]
    public ModelSource Source { get; set; } = new();

    /// <summary>URI of the training-data profile (sluice.dev/profile/v1 JSON), the drift baseline.</summary>
    [JsonPropertyName("profile")]
    public string? Profile { get; set; }

    /// <summary>Evaluation metrics of the version by name, as decimal strings (what the gate compared).</summary>
    [JsonPropertyName("metrics")]
    public Dictionary<string, string>? Metrics { get; set; }

    /// <summary>Where the version came from.</summary>
    [JsonPropertyName("lineage")]
    public Lineage? Lineage { get; set; }

    /// <summary>How the version is served.</summary>
    [JsonPropertyName("serving")]
    public ServingSpec? Serving { get; set; }

    /// <summary>How the version replaces the Stable one.</summary>
    [JsonPropertyName("rollout")]
    public RolloutSpec? Rollout { get; set; }
}
