using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>When a Pipeline starts runs by itself, besides its schedule.</summary>
public sealed record RunPolicy
{
    /// <summary>Start a run each time the spec changes (metadata.generation increases).</summary>
    [JsonPropertyName("runOnSpecChange")]
    [Default(false)]
    public bool? RunOnSpecChange { get; set; }
}
