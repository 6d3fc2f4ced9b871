using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>Lets Pods schedule onto nodes with a matching taint, as in a Kubernetes Pod.</summary>
public sealed record Toleration
{
    /// <summary>Taint key to match; empty with operator Exists matches every taint.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    /// <summary>Exists or Equal (the default).</summary>
    [JsonPropertyName("operator")]
    [AllowedValues("Exists", "Equal")]
    public string? Operator { get; set; }

    /// <summary>Taint value to match with operator Equal.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    /// <summary>Taint effect to match: NoSchedule, PreferNoSchedule or NoExecute; empty matches all.</summary>
    [JsonPropertyName("effect")]
    [AllowedValues("NoSchedule", "PreferNoSchedule", "NoExecute")]
    public string? Effect { get; set; }

    /// <summary>How long a NoExecute toleration lets the Pod stay after the taint appears.</summary>
    [JsonPropertyName("tolerationSeconds")]
    public long? TolerationSeconds { get; set; }
}
