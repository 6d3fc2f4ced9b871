using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The reference data profile drift is measured against.</summary>
public sealed record DriftBaseline
{
    /// <summary>URI of a sluice.dev/profile/v1 profile; the Stable ModelVersion's spec.profile when empty.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }
}
