using k8s.Models;
using Sluice.Core.Rollout;
using Sluice.Operator.Resources;
using Sluice.Runtime;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Serving;

/// <summary>
/// Glue around <see cref="VersionDrain"/> for a ModelVersion being deleted: reads its Deployment and pods from the
/// caches, scales it to zero once nothing needs it, and releases the finalizer (with an Event) once its pods are gone.
/// </summary>
internal sealed class ServingDrain(ServingCaches caches, ServingWrites writes, EventRecorder events)
{
    /// <returns>Whether the drain goes on (the pass should look again).</returns>
    public async Task<bool> DrainAsync(ModelVersionResource version, VersionPlan? successor, int successorReady, RouteView? route, CancellationToken cancellationToken)
    {
        var ns = version.Metadata.NamespaceProperty;
        var name = version.Metadata.Name;
        var deployment = caches.Deployments.Get(new ObjectKey(ns, ServingNames.Version(name)));
        var pods = caches.Pods.List().Count(p => p.Metadata.NamespaceProperty == ns
            && p.Metadata.Labels?.TryGetValue(ServingLabels.Version, out var v) == true && v == name);
        var step = VersionDrain.Next(name, successor?.Name, successor is null || successorReady >= successor.Replicas, route?.MayRoute(name) == true,
            deployment?.Spec?.Replicas, Math.Max(pods, deployment?.Status?.Replicas ?? 0));
        if (step.ScaleTo is { } replicas)
        {
            await writes.ScaleAsync(version, replicas, cancellationToken).ConfigureAwait(false);
        }

        if (!step.Release)
        {
            return true;
        }

        await events.NormalAsync(version, "Drained", step.Message, cancellationToken).ConfigureAwait(false);
        await writes.PatchMetadataAsync(version, consumeAction: false, holdFinalizer: false, cancellationToken).ConfigureAwait(false);
        return false;
    }
}
