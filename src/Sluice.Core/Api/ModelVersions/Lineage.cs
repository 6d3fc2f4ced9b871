using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Where a model version came from.</summary>
public sealed record Lineage
{
    /// <summary>Name of the PipelineRun that trained it.</summary>
    [JsonPropertyName("pipelineRun")]
    public string? PipelineRun { get; set; }

    /// <summary>Digest of the training data set, such as sha256:...</summary>
    [JsonPropertyName("datasetDigest")]
    public string? DatasetDigest { get; set; }

    /// <summary>Name of the ModelVersion that was Stable when this one was registered: the gate's baseline.</summary>
    [JsonPropertyName("previousVersion")]
    public string? PreviousVersion { get; set; }
}
