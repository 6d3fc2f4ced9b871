using System.Text.Json.Serialization;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// The full record of one drift window (<c>sluice.dev/drift-window/v1</c>), written to <c>--report-out</c>: what
/// was read, what was sampled, and the drift report of every compared feature.
/// </summary>
public sealed record WindowReport
{
    public const string CurrentApiVersion = "sluice.dev/drift-window/v1";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; init; } = CurrentApiVersion;
    [JsonPropertyName("namespace")] public required string Namespace { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }

    /// <summary>RFC 3339, UTC; the window is [start, end) on the rows' ts.</summary>
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("end")] public required string End { get; init; }
    [JsonPropertyName("logs")] public required string Logs { get; init; }
    [JsonPropertyName("baseline")] public required string Baseline { get; init; }
    [JsonPropertyName("minSamples")] public required int MinSamples { get; init; }
    [JsonPropertyName("maxSamples")] public required int MaxSamples { get; init; }
    [JsonPropertyName("seed")] public required string Seed { get; init; }
    [JsonPropertyName("shareThreshold")] public required double ShareThreshold { get; init; }

    [JsonPropertyName("verdict")] public string Verdict { get; init; } = WindowVerdicts.InsufficientData;
    [JsonPropertyName("features")] public int Features { get; init; }
    [JsonPropertyName("counts")] public WindowCounts Counts { get; init; } = new();

    [JsonPropertyName("firstInvalidLine")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LinePosition? FirstInvalidLine { get; init; }

    [JsonPropertyName("invalidObjects")] public IReadOnlyList<string> InvalidObjects { get; init; } = [];
    [JsonPropertyName("notes")] public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every compared feature's result; null when there were too few rows to test.</summary>
    [JsonPropertyName("drift")] public DriftReport? Drift { get; init; }
}
