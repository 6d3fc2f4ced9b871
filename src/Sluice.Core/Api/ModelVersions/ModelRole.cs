using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>The part a version plays for its model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ModelRole>))]
public enum ModelRole
{
    /// <summary>Serves the model's traffic.</summary>
    Stable,

    /// <summary>Receives a share of traffic during a rollout.</summary>
    Canary,

    /// <summary>Replaced or aborted; serves nothing.</summary>
    Retired,
}
