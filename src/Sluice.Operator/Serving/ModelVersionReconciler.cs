using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Serving;

/// <summary>
/// Thin glue around <see cref="ServingPlan"/>, keyed by model (namespace/model), so one worker decides for all of a
/// model's versions at once: reads the versions and their Deployments from the caches, writes each version's
/// Deployment and Service and the model's Service only when a field Sluice owns differs, then each version's
/// status (role, phase, URL, Ready) only when it changed, and the Events of what changed.
/// </summary>
internal sealed partial class ModelVersionReconciler(
    IKubernetes client,
    ServingCaches caches,
    ServingDefaults defaults,
    EventRecorder events,
    TimeProvider time,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var ns = key.Namespace!;
        var versions = caches.ModelVersions.List()
            .Where(v => v.Metadata.NamespaceProperty == ns && v.Spec.Model == key.Name && v.Metadata.DeletionTimestamp is null).ToList();
        if (versions.Count == 0)
        {
            return ReconcileResult.Done;
        }

        var deployments = versions.ToDictionary(v => v.Metadata.Name, v => caches.Deployments.Get(new ObjectKey(ns, ServingNames.Version(v.Metadata.Name))), StringComparer.Ordinal);
        var plans = ServingPlan.Decide([.. versions.Select(v => new ServedVersion(
            v.Metadata.Name,
            new DateTimeOffset(DateTime.SpecifyKind(v.Metadata.CreationTimestamp ?? DateTime.UnixEpoch, DateTimeKind.Utc)),
            v.Status?.Role,
            v.Spec.Rollout?.Strategy ?? RolloutStrategy.Canary,
            v.Spec.Serving?.Replicas ?? 1,
            ReadyPods(deployments[v.Metadata.Name])))]).ToDictionary(p => p.Name, StringComparer.Ordinal);

        foreach (var version in versions)
        {
            var plan = plans[version.Metadata.Name];
            await ApplyAsync(ServingDeploymentBuilder.Build(new ServingRequest(version, plan.Replicas, defaults.Image, defaults.Endpoint,
                defaults.Secret is { Length: > 0 } secret ? new CredentialsSecretReference { Name = secret } : null, defaults.RequestLogRoot)),
                deployments[version.Metadata.Name], cancellationToken).ConfigureAwait(false);
            await ApplyAsync(ServingServiceBuilder.ForVersion(version), cancellationToken).ConfigureAwait(false);
        }

        await ApplyAsync(ServingServiceBuilder.ForModel(versions[0], versions), cancellationToken).ConfigureAwait(false);
        var now = StatusWrites.Now(time);
        foreach (var version in versions)
        {
            var plan = plans[version.Metadata.Name];
            var status = Status(version, plan, now);
            if (!StatusJson.Same(status, version.Status))
            {
                var written = await StatusWrites.ReplaceAsync(client, new ModelVersionResource { Metadata = version.Metadata, Spec = version.Spec, Status = status },
                    ModelVersionResource.Plural, cancellationToken).ConfigureAwait(false);
                caches.ModelVersions.Remember(written);
            }

            foreach (var raised in plan.Events)
            {
                await (raised.Warning
                    ? events.WarningAsync(version, raised.Reason, raised.Message, cancellationToken)
                    : events.NormalAsync(version, raised.Reason, raised.Message, cancellationToken)).ConfigureAwait(false);
            }
        }

        // Readiness moves with the pods, whose Deployment status the cache sees; a slow poll covers a missed event.
        return plans.Values.Any(p => p.Phase == ModelVersionPhase.Deploying) ? ReconcileResult.After(TimeSpan.FromSeconds(5)) : ReconcileResult.Done;
    }

    /// <summary>Ready pods of the Deployment's current template; null before the Deployment exists or has seen its spec.</summary>
    private static int? ReadyPods(V1Deployment? deployment) =>
        deployment?.Status is { } s && (s.ObservedGeneration ?? 0) >= (deployment.Metadata.Generation ?? 0)
            ? Math.Min(s.ReadyReplicas ?? 0, s.UpdatedReplicas ?? 0)
            : deployment is null ? null : 0;

    private static ModelVersionStatus Status(ModelVersionResource version, VersionPlan plan, DateTimeOffset now)
    {
        var ns = version.Metadata.NamespaceProperty;
        var service = plan.Role == ModelRole.Stable ? ServingNames.Model(version.Spec.Model) : ServingNames.Version(version.Metadata.Name);
        var status = version.Status is null ? new ModelVersionStatus() : version.Status with { };
        status.ObservedGeneration = version.Metadata.Generation;
        status.Role = plan.Role;
        status.Phase = plan.Phase;
        status.Url = plan.Phase == ModelVersionPhase.Retired ? null : $"http://{service}.{ns}.svc:{ServingServiceBuilder.Port}";
        status.Conditions = StatusConditions.Set(status.Conditions, "Ready", plan.Ready ? "True" : "False", plan.Reason, plan.Message, version.Metadata.Generation, now);
        return status;
    }

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
                // Created in a pass whose answer the cache has not seen yet: the next pass compares it.
            }

            return;
        }

        if (OwnedFields.Differ(desired, live))
        {
            desired.Metadata.ResourceVersion = live.Metadata.ResourceVersion;
            caches.Deployments.Remember(await client.AppsV1.ReplaceNamespacedDeploymentAsync(desired, desired.Metadata.Name, ns, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    private async Task ApplyAsync(V1Service desired, CancellationToken cancellationToken)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Kind} {Name}")]
    private partial void LogCreated(string kind, string name);
}
