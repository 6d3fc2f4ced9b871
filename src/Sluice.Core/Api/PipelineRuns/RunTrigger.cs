using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>What started a run, for audit and for the drift loop's cooldown.</summary>
public sealed record RunTrigger
{
    /// <summary>Kind of trigger.</summary>
    [JsonPropertyName("type")]
    [Default("Manual")]
    public TriggerType? Type { get; set; }

    /// <summary>What fired it: the user, the cron time, the Pipeline generation or the DriftMonitor name.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; set; }
}
