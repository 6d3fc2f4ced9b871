using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>How traffic is split between Stable and Canary; replica-based when gatewayAPI is empty.</summary>
public sealed record TrafficRouting
{
    /// <summary>Split with the weights of a Gateway API HTTPRoute.</summary>
    [JsonPropertyName("gatewayAPI")]
    public GatewayApiRouting? GatewayApi { get; set; }
}
