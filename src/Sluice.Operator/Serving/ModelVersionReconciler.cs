using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Operator.Stages;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Serving;

/// <summary>
/// Thin glue around <see cref="ServingPlan"/>, keyed by model (namespace/model), so one worker decides for all of a
/// model's versions at once: reads the versions, their Deployments and pods from the caches (and the HTTPRoute, with
/// Gateway API routing), runs a canary check when one is due, writes each version's Deployment and Service, the
/// model's Service and the route's weights only where a field Sluice owns differs, then each version's status only
/// when it changed, the Events of what changed, a consumed action's removal, and the drain of versions being deleted.
/// </summary>
internal sealed class ModelVersionReconciler(
    IKubernetes client,
    ServingCaches caches,
    ServingWrites writes,
    ServingDrain drain,
    CanaryAnalyzer analyzer,
    GatewayRoutes routes,
    EventRecorder events,
    TimeProvider time) : IReconciler
{
    private static readonly TimeSpan DeployingPoll = TimeSpan.FromSeconds(5);

    // Routes have no informer (the Gateway API may not be installed): while the gateways have not accepted a
    // change, or a deleted version drains, the pass looks again this soon.
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var ns = key.Namespace!;
        var all = caches.ModelVersions.List().Where(v => v.Metadata.NamespaceProperty == ns && v.Spec.Model == key.Name).ToList();
        var versions = all.Where(v => v.Metadata.DeletionTimestamp is null).ToList();
        var deleting = all.Where(v => v.Metadata.DeletionTimestamp is not null && ServingWrites.HoldsFinalizer(v)).ToList();
        if (versions.Count == 0 && deleting.Count == 0)
        {
            analyzer.Forget(key);
            return ReconcileResult.Done;
        }

        foreach (var version in versions.Where(v => !ServingWrites.HoldsFinalizer(v)).ToList())
        {
            versions[versions.IndexOf(version)] = await writes.PatchMetadataAsync(version, consumeAction: false, holdFinalizer: true, cancellationToken).ConfigureAwait(false);
        }

        var deployments = versions.ToDictionary(v => v.Metadata.Name, v => caches.Deployments.Get(new ObjectKey(ns, ServingNames.Version(v.Metadata.Name))), StringComparer.Ordinal);
        var pods = caches.Pods.List().Where(p => p.Metadata.NamespaceProperty == ns && p.Metadata.DeletionTimestamp is null
            && p.Metadata.Labels?.TryGetValue(ServingLabels.Model, out var m) == true && m == key.Name)
            .ToLookup(p => p.Metadata.Labels!.TryGetValue(ServingLabels.Version, out var v) ? v : "", StringComparer.Ordinal);
        var served = versions.Select(v => Served(v, deployments[v.Metadata.Name], pods[v.Metadata.Name])).ToList();
        var byName = versions.ToDictionary(v => v.Metadata.Name, StringComparer.Ordinal);
        var cast = ServingPlan.Cast(served);
        CheckResult? check = null;
        DateTimeOffset? nextCheck = null;
        if (cast is { Canary: true, Candidate: { Role: ModelRole.Canary, Progress: not null } canary, Stable: { } stable } && canary.Action != RolloutAction.Retry)
        {
            (check, nextCheck) = await analyzer.CheckAsync(key, Arm(byName[canary.Name], pods), Arm(byName[stable.Name], pods),
                byName[canary.Name].Spec.Rollout?.Analysis, cancellationToken).ConfigureAwait(false);
        }
        else if (!cast.Canary)
        {
            analyzer.Forget(key);
        }

        var routing = cast.Candidate?.Rollout?.TrafficRouting?.GatewayApi ?? cast.Stable?.Rollout?.TrafficRouting?.GatewayApi;
        var route = routing is null ? null
            : await routes.ReadAsync(ns, routing.HttpRoute, key.Name, all.Select(v => v.Metadata.Name), cancellationToken).ConfigureAwait(false);
        var now = StatusWrites.Now(time);
        var plans = ServingPlan.Decide(served, now, check, route?.View).ToDictionary(p => p.Name, StringComparer.Ordinal);

        // Scale up before scaling down, so a step never leaves fewer pods serving than it started with.
        foreach (var version in versions.OrderByDescending(v => plans[v.Metadata.Name].Replicas - (deployments[v.Metadata.Name]?.Spec?.Replicas ?? 0)))
        {
            await writes.ScaleAsync(version, plans[version.Metadata.Name].Replicas, cancellationToken).ConfigureAwait(false);
            await writes.ApplyAsync(ServingServiceBuilder.ForVersion(version), cancellationToken).ConfigureAwait(false);
        }

        // With a route, callers of the model's Service reach the Stable version only; the route carries the split.
        var stablePlan = plans.Values.FirstOrDefault(p => p.Role == ModelRole.Stable && p.Phase == ModelVersionPhase.Serving);
        if (versions.Count > 0)
        {
            await writes.ApplyAsync(ServingServiceBuilder.ForModel(versions[0], versions, route is null ? null : stablePlan?.Name), cancellationToken).ConfigureAwait(false);
        }

        var routeWritten = false;
        if (route is not null)
        {
            try
            {
                routeWritten = await routes.WriteAsync(route, RouteWeights.Desired(plans.Values), ns, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Changed since it was read (a person, Argo CD): the next pass reads it again.
                routeWritten = true;
            }
        }

        // The new Stable first: should the pass stop after it, two Stable versions resolve to the one promoted last.
        foreach (var version in versions.OrderBy(v => plans[v.Metadata.Name].PromotedAt is null))
        {
            var plan = plans[version.Metadata.Name];
            var status = ServingStatus.Build(version, plan, version.Metadata.Name == cast.Candidate?.Name ? check : null, now);
            var current = version;
            // The effective weight moves with every pod that comes or goes; it is written with the changes that
            // matter (a step reached, when it equals the split), not on its own, so a step costs one status write.
            if (!StatusJson.Same(status with { EffectiveWeight = version.Status?.EffectiveWeight }, version.Status))
            {
                current = await StatusWrites.ReplaceAsync(client, new ModelVersionResource { Metadata = version.Metadata, Spec = version.Spec, Status = status },
                    ModelVersionResource.Plural, cancellationToken).ConfigureAwait(false);
                caches.ModelVersions.Remember(current);
            }

            foreach (var raised in plan.Events)
            {
                await (raised.Warning
                    ? events.WarningAsync(version, raised.Reason, raised.Message, cancellationToken)
                    : events.NormalAsync(version, raised.Reason, raised.Message, cancellationToken)).ConfigureAwait(false);
            }

            RolloutMetrics.Planned(key.Namespace ?? "", key.Name, plan);

            if (plan.ActionConsumed)
            {
                await writes.PatchMetadataAsync(current, consumeAction: true, holdFinalizer: null, cancellationToken).ConfigureAwait(false);
            }
        }

        var draining = false;
        foreach (var version in deleting)
        {
            var successorReady = stablePlan is null ? 0 : served.First(v => v.Name == stablePlan.Name).ReadyReplicas ?? 0;
            draining |= await drain.DrainAsync(version, stablePlan, successorReady, route?.View, cancellationToken).ConfigureAwait(false);
        }

        return Requeue(plans.Values, nextCheck, route is not null && (routeWritten || !route.View.Accepted) || draining);
    }

    private ReconcileResult Requeue(IEnumerable<VersionPlan> plans, DateTimeOffset? nextCheck, bool poll)
    {
        var waits = plans.Select(p => p.RequeueAfter ?? (p.Phase == ModelVersionPhase.Deploying ? DeployingPoll : (TimeSpan?)null)).OfType<TimeSpan>().ToList();
        if (poll)
        {
            waits.Add(Poll);
        }

        if (nextCheck is { } due)
        {
            waits.Add(due - time.GetUtcNow());
        }

        return waits.Count == 0 ? ReconcileResult.Done : ReconcileResult.After(waits.Min() is var min && min > TimeSpan.Zero ? min : TimeSpan.FromMilliseconds(100));
    }

    private static ServedVersion Served(ModelVersionResource v, V1Deployment? deployment, IEnumerable<V1Pod> pods)
    {
        var status = v.Status;
        var verb = v.Metadata.Annotations?.TryGetValue(RolloutActions.Annotation, out var a) == true ? a : null;
        var action = RolloutActions.Parse(verb);
        return new ServedVersion(
            v.Metadata.Name,
            new DateTimeOffset(DateTime.SpecifyKind(v.Metadata.CreationTimestamp ?? DateTime.UnixEpoch, DateTimeKind.Utc)),
            status?.Role,
            v.Spec.Rollout?.Strategy ?? RolloutStrategy.Canary,
            v.Spec.Serving?.Replicas ?? 1,
            // Ready pods from the pod cache, as the Service's endpoints count them: the Deployment's status lags a
            // scale by a generation, and a step is reached only when the endpoints are.
            deployment is null ? null : pods.Count(CacheTransforms.Ready))
        {
            Phase = status?.Phase,
            Progress = status is { Role: ModelRole.Canary } or { Phase: ModelVersionPhase.Aborted }
                ? new CanaryProgress(status.CurrentStepIndex ?? 0, status.StepStartedAt, status.FailedChecks ?? 0, status.PausedReason)
                : null,
            Rollout = v.Spec.Rollout,
            Restarts = pods.Sum(p => p.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0),
            PodProblem = pods.Select(StageFailureCause.FromPod).FirstOrDefault(c => c is not null)?.Message,
            PromotedAt = status?.PromotedAt,
            Action = action,
            UnknownAction = verb is not null && action is null ? verb : null,
            AbortedBecause = status is { Phase: ModelVersionPhase.Aborted }
                && status.Conditions?.FirstOrDefault(c => c.Type == "Degraded") is { Status: "True", Reason: { Length: > 0 } why } degraded
                ? new PlanCondition(true, why, degraded.Message ?? "")
                : null,
            RetiredBecause = status is { Role: ModelRole.Retired, Phase: ModelVersionPhase.Retired }
                && status.Conditions?.FirstOrDefault(c => c.Type == "Ready") is { Status: "False", Reason: { Length: > 0 } reason } ready
                ? new PlanCondition(false, reason, ready.Message ?? "")
                : null,
        };
    }

    private static ArmPods Arm(ModelVersionResource version, ILookup<string, V1Pod> pods) => new(
        version.Metadata.Name,
        [.. pods[version.Metadata.Name].Where(p => CacheTransforms.Ready(p) && !string.IsNullOrEmpty(p.Status?.PodIP))],
        version.Spec.Serving?.Port ?? 8080);
}
