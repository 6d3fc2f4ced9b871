using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A cron schedule, as in a Kubernetes CronJob.</summary>
public sealed record PipelineSchedule
{
    /// <summary>Five-field cron expression (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly.</summary>
    [JsonPropertyName("cron")]
    [Required]
    public string Cron { get; set; } = "";

    /// <summary>IANA time zone of the schedule, such as Europe/Paris; UTC when empty.</summary>
    [JsonPropertyName("timezone")]
    public string? Timezone { get; set; }

    /// <summary>What to do when a scheduled run is due while another run is active.</summary>
    [JsonPropertyName("concurrencyPolicy")]
    [Default("Forbid")]
    public ConcurrencyPolicy? ConcurrencyPolicy { get; set; }

    /// <summary>Stops scheduling new runs; active runs continue.</summary>
    [JsonPropertyName("suspend")]
    [Default(false)]
    public bool? Suspend { get; set; }
}
