using System.Text.Json.Serialization;

namespace Sluice.Core.Api;

/// <summary>What a canary check with fewer than minRequests requests does (Argo Rollouts calls this result Inconclusive).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NoDataPolicy>))]
public enum NoDataPolicy
{
    /// <summary>Stay on the current step and check again.</summary>
    Wait,

    /// <summary>Count the check as passed.</summary>
    Pass,

    /// <summary>Count the check as failed.</summary>
    Fail,
}
