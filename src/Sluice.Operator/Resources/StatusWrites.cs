using k8s;
using k8s.Models;
using Sluice.Core.Api;

namespace Sluice.Operator.Resources;

/// <summary>
/// Status writes of the sluice.dev kinds: PUT to the status subresource with the cached resourceVersion (a stale
/// one is a 409 and a retry), and the whole-second clock Kubernetes timestamps carry.
/// </summary>
internal static class StatusWrites
{
    public static Task<T> ReplaceAsync<T>(IKubernetes client, T body, string plural, CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta> =>
        client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(
            body, ApiGroup.Group, ApiGroup.Version, body.Metadata.NamespaceProperty, plural, body.Metadata.Name,
            fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken);

    /// <summary>Now, truncated to the second, so a status recomputed within the same second compares equal.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
