using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>When a Pipeline starts runs by itself, besides its schedule.</summary>
public sealed record RunPolicy
{
    /// <summary>Start a run when the Pipeline is created and each time what its runs do changes (stages, params, artifacts, model); edits of only the schedule, run policy, history limits or TTL start none.</summary>
    [JsonPropertyName("runOnSpecChange")]
    [Default(false)]
    public bool? RunOnSpecChange { get; set; }
}
