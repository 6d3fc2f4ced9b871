using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A Gateway API HTTPRoute whose backend weights the operator sets.</summary>
public sealed record GatewayApiRouting
{
    /// <summary>Name of the HTTPRoute in the same namespace.</summary>
    [JsonPropertyName("httpRoute")]
    [Required]
    public string HttpRoute { get; set; } = "";
}
