using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Desired state of a DriftMonitor.</summary>
public sealed record DriftMonitorSpec
{
    /// <summary>Model name (ModelVersion spec.model) whose serving logs are watched.</summary>
    [JsonPropertyName("model")]
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [Length(1, 63)]
    public string Model { get; set; } = "";

    /// <summary>The reference data; the Stable ModelVersion's profile when empty.</summary>
    [JsonPropertyName("baseline")]
    public DriftBaseline? Baseline { get; set; }

    /// <summary>Time between evaluations, such as 1h.</summary>
    [JsonPropertyName("interval")]
    [Default("1h")]
    public string? Interval { get; set; }

    /// <summary>Which serving requests one evaluation compares.</summary>
    [JsonPropertyName("window")]
    public DriftWindow? Window { get; set; }

    /// <summary>Method and threshold per feature type.</summary>
    [JsonPropertyName("defaults")]
    public DriftDefaults? Defaults { get; set; }

    /// <summary>Per-feature method and threshold overrides.</summary>
    [JsonPropertyName("features")]
    [Length(0, 256)]
    [CelRule("self.all(f, self.exists_one(g, g.name == f.name))", "feature names must be unique")]
    public List<FeatureDriftOverride>? Features { get; set; }

    /// <summary>Share of drifted features, 0..1, at or above which the data set as a whole has drifted.</summary>
    [JsonPropertyName("driftShare")]
    [Range(0, 1)]
    [Default(0.5)]
    public double? DriftShare { get; set; }

    /// <summary>Consecutive drifted evaluations that trigger retraining.</summary>
    [JsonPropertyName("consecutiveWindows")]
    [Range(1, 1000)]
    [Default(1)]
    public int? ConsecutiveWindows { get; set; }

    /// <summary>The Pipeline run on drift; without it drift is only reported.</summary>
    [JsonPropertyName("retrain")]
    public RetrainSpec? Retrain { get; set; }
}
