using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>
/// One gate rule with TFMA's semantics: bounds are inclusive and change thresholds compare diff = candidate -
/// serving (and diff / serving) on the same test data. Numbers are decimal strings, compared exactly.
/// </summary>
public sealed record GateRuleSpec
{
    private const string DecimalPattern = "^-?[0-9]+(\\.[0-9]+)?$";

    /// <summary>Name of the metric in the metrics stage's results, such as roc_auc or log_loss.</summary>
    [JsonPropertyName("metric")]
    [Required]
    [Length(1, 63)]
    public string Metric { get; set; } = "";

    /// <summary>Whether a higher or a lower value is better.</summary>
    [JsonPropertyName("direction")]
    [AllowedValues("HigherIsBetter", "LowerIsBetter")]
    [Default("HigherIsBetter")]
    public string? Direction { get; set; }

    /// <summary>Lowest acceptable value (inclusive), checked also for a first model; a decimal such as "0.95".</summary>
    [JsonPropertyName("min")]
    [Pattern(DecimalPattern)]
    public string? Min { get; set; }

    /// <summary>Highest acceptable value (inclusive), checked also for a first model.</summary>
    [JsonPropertyName("max")]
    [Pattern(DecimalPattern)]
    public string? Max { get; set; }

    /// <summary>HigherIsBetter: candidate - serving must be at least this; positive = must beat serving, "0" = not worse, negative = may be that much worse.</summary>
    [JsonPropertyName("minImprovement")]
    [Pattern(DecimalPattern)]
    public string? MinImprovement { get; set; }

    /// <summary>HigherIsBetter: (candidate - serving) / serving must be at least this, such as "0.01" for 1% better.</summary>
    [JsonPropertyName("minRelativeImprovement")]
    [Pattern(DecimalPattern)]
    public string? MinRelativeImprovement { get; set; }

    /// <summary>LowerIsBetter: candidate - serving may be at most this; "0" = not worse, negative = must be that much better.</summary>
    [JsonPropertyName("maxRegression")]
    [Pattern(DecimalPattern)]
    public string? MaxRegression { get; set; }

    /// <summary>LowerIsBetter: (candidate - serving) / serving may be at most this.</summary>
    [JsonPropertyName("maxRelativeRegression")]
    [Pattern(DecimalPattern)]
    public string? MaxRelativeRegression { get; set; }
}
