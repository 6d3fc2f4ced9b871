using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A quality gate on one metric: the model is registered only when it passes.</summary>
public sealed record ModelGate
{
    /// <summary>Name of the metric in the metrics file, such as roc_auc.</summary>
    [JsonPropertyName("metric")]
    [Required]
    public string Metric { get; set; } = "";

    /// <summary>Lowest acceptable value of the metric.</summary>
    [JsonPropertyName("minimum")]
    public double? Minimum { get; set; }

    /// <summary>Whether the metric must also be higher than the serving (Stable) version's.</summary>
    [JsonPropertyName("mustBeatServing")]
    [Default(false)]
    public bool? MustBeatServing { get; set; }
}
