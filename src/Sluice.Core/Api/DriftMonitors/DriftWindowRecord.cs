using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One evaluated window in a DriftMonitor's short history, enough for a chart.</summary>
public sealed record DriftWindowRecord
{
    /// <summary>Start of the window.</summary>
    [JsonPropertyName("start")]
    public DateTimeOffset? Start { get; set; }

    /// <summary>Logged rows of the version in the window.</summary>
    [JsonPropertyName("rows")]
    public long? Rows { get; set; }

    /// <summary>Share of drifted features, 0..1.</summary>
    [JsonPropertyName("share")]
    public double? Share { get; set; }

    /// <summary>Drifted, Clean, InsufficientData or Failed.</summary>
    [JsonPropertyName("verdict")]
    public string? Verdict { get; set; }
}
