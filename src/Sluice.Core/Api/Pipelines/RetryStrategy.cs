using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Retries of a failed stage attempt, as in Argo Workflows.</summary>
public sealed record RetryStrategy
{
    /// <summary>Most retries after the first attempt.</summary>
    [JsonPropertyName("limit")]
    [Range(0, 20)]
    [Default(0)]
    public int? Limit { get; set; }

    /// <summary>Wait between attempts.</summary>
    [JsonPropertyName("backoff")]
    public Backoff? Backoff { get; set; }
}
