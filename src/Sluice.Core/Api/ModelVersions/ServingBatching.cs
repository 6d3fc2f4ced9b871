using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>
/// Dynamic batching in the server, as KServe's batcher: concurrent requests are run through the model together,
/// up to <see cref="MaxBatchSize"/> rows, each waiting at most <see cref="MaxLatency"/> for the batch to fill.
/// </summary>
public sealed record ServingBatching
{
    /// <summary>Most rows run through the model at once.</summary>
    [JsonPropertyName("maxBatchSize")]
    [Range(2, 65536)]
    [Default(32)]
    public int? MaxBatchSize { get; set; }

    /// <summary>Longest a request waits for its batch to fill, such as 5ms.</summary>
    [JsonPropertyName("maxLatency")]
    [Default("2ms")]
    public string? MaxLatency { get; set; }
}
