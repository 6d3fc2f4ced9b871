using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>The EndpointSlice writes one reconcile of an address type decided on, applied together at the end.</summary>
internal sealed class SlicePlan
{
    public List<JsonObject> Create { get; } = [];

    public List<JsonObject> Update { get; } = [];

    public List<JsonObject> Delete { get; } = [];
}
