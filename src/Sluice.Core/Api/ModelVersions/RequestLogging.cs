using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Which requests the server records for drift monitoring.</summary>
public sealed record RequestLogging
{
    /// <summary>Share of requests logged, from 0 (none) to 1 (all).</summary>
    [JsonPropertyName("sampleRate")]
    [Range(0, 1)]
    [Default(0.0)]
    public double? SampleRate { get; set; }

    /// <summary>Longest a sampled request waits in the server before it is written, such as 10s; keep it below the allowedLateness of the model's DriftMonitors.</summary>
    [JsonPropertyName("flushInterval")]
    [Default("10s")]
    public string? FlushInterval { get; set; }

    /// <summary>Feature names never written to the logs.</summary>
    [JsonPropertyName("redact")]
    public List<string>? Redact { get; set; }
}
