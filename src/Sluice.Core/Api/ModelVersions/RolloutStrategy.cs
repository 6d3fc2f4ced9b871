using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>How a version replaces the Stable one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RolloutStrategy>))]
public enum RolloutStrategy
{
    /// <summary>Shift traffic step by step with analysis.</summary>
    Canary,

    /// <summary>Send all traffic to the new version once it is ready.</summary>
    Immediate,
}
