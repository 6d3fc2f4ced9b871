using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>What a due scheduled run does when another run of the Pipeline is active.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConcurrencyPolicy>))]
public enum ConcurrencyPolicy
{
    /// <summary>Start it anyway.</summary>
    Allow,

    /// <summary>Skip it.</summary>
    Forbid,

    /// <summary>Cancel the active run and start it.</summary>
    Replace,
}
