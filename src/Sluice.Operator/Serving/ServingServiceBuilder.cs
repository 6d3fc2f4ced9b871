using k8s.Models;
using Sluice.Operator.Resources;

namespace Sluice.Operator.Serving;

/// <summary>
/// The Services of a model: one named after the model that callers use (port <c>http</c>), selecting every version's
/// pods by the model label so the replica split is the traffic split; and one per version, for its own pods only
/// (analysis, debugging, a Gateway API backend). With a Gateway API route the model's Service selects the Stable
/// version's pods only: the route, not the pod count, splits the traffic.
/// </summary>
internal static class ServingServiceBuilder
{
    public const int Port = 80;

    /// <param name="pinned">With a Gateway API route, the Stable version: the Service then selects its pods only.</param>
    public static V1Service ForModel(ModelVersionResource owner, IReadOnlyList<ModelVersionResource> versions, string? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var model = owner.Spec.Model;
        return new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = ServingNames.Model(model),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string> { [ServingLabels.Model] = model, [ServingLabels.ManagedBy] = ServingLabels.ManagedByValue },
                // Owned by every version, so it lives while any does and goes with the last one.
                OwnerReferences = [.. versions.Select(v => ServingDeploymentBuilder.Owner(v) with { Controller = false, BlockOwnerDeletion = false })],
            },
            Spec = Spec(pinned is null
                ? new Dictionary<string, string> { [ServingLabels.Model] = model, [ServingLabels.Component] = ServingLabels.ComponentValue }
                : new Dictionary<string, string> { [ServingLabels.Model] = model, [ServingLabels.Component] = ServingLabels.ComponentValue, [ServingLabels.Version] = pinned }),
        };
    }

    public static V1Service ForVersion(ModelVersionResource version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var labels = ServingDeploymentBuilder.Labels(version);
        return new V1Service
        {
            Metadata = new V1ObjectMeta
            {
                Name = ServingNames.Version(version.Metadata.Name),
                NamespaceProperty = version.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(labels),
                OwnerReferences = [ServingDeploymentBuilder.Owner(version)],
            },
            Spec = Spec(new Dictionary<string, string> { [ServingLabels.Version] = version.Metadata.Name }),
        };
    }

    private static V1ServiceSpec Spec(Dictionary<string, string> selector) => new()
    {
        Selector = selector,
        Ports = [new V1ServicePort { Name = ServingDeploymentBuilder.PortName, Port = Port, TargetPort = ServingDeploymentBuilder.PortName, Protocol = "TCP" }],
    };
}
