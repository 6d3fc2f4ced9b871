using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator.Resources;
using Sluice.Runtime;

namespace Sluice.Operator.Serving;

/// <summary>
/// The writes of the ModelVersion controller: a version's Deployment at a replica count and the Services, each only
/// when a field Sluice owns differs from the live object, and the ModelVersion's own metadata (its finalizer, a
/// consumed action), guarded by the resourceVersion last seen so a person's change in between is never lost.
/// </summary>
internal sealed partial class ServingWrites(IKubernetes client, ServingCaches caches, ServingDefaults defaults, ILogger logger)
{
    /// <summary>Held by every ModelVersion so that deleting one drains its traffic before its servers go.</summary>
    public const string Finalizer = "sluice.dev/drain-traffic";

    public Task ScaleAsync(ModelVersionResource version, int replicas, CancellationToken cancellationToken) =>
        ApplyAsync(ServingDeploymentBuilder.Build(new ServingRequest(version, replicas, defaults.Image, defaults.Endpoint,
            defaults.Secret is { Length: > 0 } secret ? new CredentialsSecretReference { Name = secret } : null, defaults.RequestLogRoot)),
            caches.Deployments.Get(new ObjectKey(version.Metadata.NamespaceProperty, ServingNames.Version(version.Metadata.Name))), cancellationToken);

    public async Task ApplyAsync(V1Service desired, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.NamespaceProperty;
        var live = caches.Services.Get(new ObjectKey(ns, desired.Metadata.Name));
        if (live is null)
        {
            try
            {
                caches.Services.Remember(await client.CoreV1.CreateNamespacedServiceAsync(desired, ns, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false));
                LogCreated("Service", desired.Metadata.Name);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Created in a pass whose answer the cache has not seen yet: the next pass compares it.
            }

            return;
        }

        if (OwnedFields.Differ(desired, live))
        {
            // Keep what the API server allocated (clusterIP) and only set what Sluice owns.
            live.Metadata.Labels = desired.Metadata.Labels;
            live.Metadata.OwnerReferences = desired.Metadata.OwnerReferences;
            live.Spec.Selector = desired.Spec.Selector;
            live.Spec.Ports = desired.Spec.Ports;
            caches.Services.Remember(await client.CoreV1.ReplaceNamespacedServiceAsync(live, live.Metadata.Name, ns, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Adds the finalizer, removes a consumed action, or drops the finalizer, in one merge patch guarded by the
    /// resourceVersion: an action a person set in the meantime is never dropped unseen (the conflict retries the pass).
    /// </summary>
    public async Task<ModelVersionResource> PatchMetadataAsync(ModelVersionResource version, bool consumeAction, bool? holdFinalizer, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject { ["resourceVersion"] = version.Metadata.ResourceVersion };
        if (consumeAction)
        {
            metadata["annotations"] = new JsonObject { [RolloutActions.Annotation] = null };
        }

        if (holdFinalizer is { } hold)
        {
            var others = (version.Metadata.Finalizers ?? []).Where(f => f != Finalizer);
            metadata["finalizers"] = new JsonArray([.. (hold ? others.Append(Finalizer) : others).Select(f => JsonValue.Create(f))]);
        }

        var patch = new JsonObject { ["metadata"] = metadata }.ToJsonString();
        var written = await client.CustomObjects.PatchNamespacedCustomObjectAsync<ModelVersionResource>(new V1Patch(patch, V1Patch.PatchType.MergePatch),
            ApiGroup.Group, ApiGroup.Version, version.Metadata.NamespaceProperty, ModelVersionResource.Plural, version.Metadata.Name,
            fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (holdFinalizer != false)
        {
            // Without its last finalizer a deleted version is gone: the watch removes it from the cache.
            caches.ModelVersions.Remember(written);
        }

        return written;
    }

    public static bool HoldsFinalizer(ModelVersionResource version) => version.Metadata.Finalizers?.Contains(Finalizer) == true;

    private async Task ApplyAsync(V1Deployment desired, V1Deployment? live, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.NamespaceProperty;
        if (live is null)
        {
            try
            {
                caches.Deployments.Remember(await client.AppsV1.CreateNamespacedDeploymentAsync(desired, ns, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false));
                LogCreated("Deployment", desired.Metadata.Name);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
            }

            return;
        }

        if (OwnedFields.Differ(desired, live))
        {
            desired.Metadata.ResourceVersion = live.Metadata.ResourceVersion;
            caches.Deployments.Remember(await client.AppsV1.ReplaceNamespacedDeploymentAsync(desired, desired.Metadata.Name, ns, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Name}")]
    private partial void LogCreated(string kind, string name);
}
