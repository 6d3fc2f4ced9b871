using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One aspect of a resource's current state, following the Kubernetes API conventions (metav1.Condition).</summary>
public sealed record Condition
{
    /// <summary>Type of condition in CamelCase, for example Ready or Succeeded.</summary>
    [JsonPropertyName("type")]
    [Required]
    public string Type { get; set; } = "";

    /// <summary>Status of the condition: True, False or Unknown.</summary>
    [JsonPropertyName("status")]
    [Required]
    [AllowedValues("True", "False", "Unknown")]
    public string Status { get; set; } = "Unknown";

    /// <summary>Machine-readable CamelCase reason for the last transition.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>Human-readable message with details about the last transition.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Last time the condition changed from one status to another.</summary>
    [JsonPropertyName("lastTransitionTime")]
    public DateTimeOffset? LastTransitionTime { get; set; }

    /// <summary>metadata.generation the condition was set from.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}
