using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Monitoring;
using Sluice.Core.Validation;
using Sluice.Operator.Pipelines;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Operator.Serving;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Monitoring;

/// <summary>
/// Thin glue around <see cref="DriftMonitorMachine"/>: reads the monitor, the Stable version of its model, the
/// evaluation Job of the next window and the retraining runs from the caches, then writes in an order a crash
/// cannot break: the retraining run (a deterministic name, so a repeat is AlreadyExists), the status with the new
/// watermark, the absorbed Job's deletion, the next window's Job, Events.
/// </summary>
internal sealed class DriftMonitorReconciler(
    IKubernetes client,
    MonitorCaches caches,
    ServingDefaults defaults,
    EventRecorder events,
    TimeProvider time) : IReconciler
{
    public const string ResetVerb = "reset";

    // Job and run events wake the monitor; this bounds how long a missed event can delay it.
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var monitor = caches.Monitors.Get(key);
        if (monitor is null || monitor.Metadata.DeletionTimestamp is not null)
        {
            DriftMetrics.Forget(key.Namespace ?? "", key.Name);
            return ReconcileResult.Done;
        }

        var ns = monitor.Metadata.NamespaceProperty;
        var now = StatusWrites.Now(time);
        var settings = DriftSettings.From(monitor.Spec);
        var (baseline, noBaseline) = Baseline(monitor);
        var jobs = caches.Jobs.List().Where(j => j.Metadata.NamespaceProperty == ns && Label(j.Metadata, MonitorNames.MonitorLabel) == monitor.Metadata.Name).ToList();
        var watermark = monitor.Status?.Watermark;
        var pending = jobs.Select(j => (Job: j, End: WindowEnd(j)))
            .Where(j => j.End is { } end && (watermark is null || end > watermark))
            .OrderBy(j => j.End).Select(j => j.Job).FirstOrDefault();
        var runs = await RunsAsync(monitor, cancellationToken).ConfigureAwait(false);
        var decision = DriftMonitorMachine.Decide(new MonitorObservation(
            monitor.Metadata.Name,
            monitor.Metadata.Generation ?? 1,
            new DateTimeOffset(DateTime.SpecifyKind(monitor.Metadata.CreationTimestamp ?? now.UtcDateTime, DateTimeKind.Utc)),
            now,
            settings,
            Problems(monitor),
            baseline,
            noBaseline,
            pending is null ? null : Observe(pending),
            runs,
            monitor.Spec.Retrain is { } retrain && caches.Pipelines.Get(new ObjectKey(ns, retrain.PipelineRef.Name)) is not null,
            Label(monitor.Metadata.Annotations, Core.Rollout.RolloutActions.Annotation) == ResetVerb,
            monitor.Status));

        if (decision.CreateRun is { } request)
        {
            await CreateRunAsync(monitor, request, cancellationToken).ConfigureAwait(false);
        }

        var current = monitor;
        if (!StatusJson.Same(decision.Status, monitor.Status))
        {
            current = await StatusWrites.ReplaceAsync(client, new DriftMonitorResource { Metadata = monitor.Metadata, Spec = monitor.Spec, Status = decision.Status },
                DriftMonitorResource.Plural, cancellationToken).ConfigureAwait(false);
            caches.Monitors.Remember(current);
        }

        // Jobs of windows at or before the watermark are done with: absorbed now, or by a pass that stopped before deleting them.
        foreach (var done in jobs.Where(j => WindowEnd(j) is { } end && decision.Status.Watermark is { } w && end <= w))
        {
            await DeleteJobAsync(done, cancellationToken).ConfigureAwait(false);
        }

        if (decision.StartJob is { } window && baseline is not null)
        {
            await CreateJobAsync(DriftJobBuilder.Build(monitor, window, baseline, settings, defaults), cancellationToken).ConfigureAwait(false);
        }

        foreach (var raised in decision.Events)
        {
            await (raised.Warning
                ? events.WarningAsync(current, raised.Reason, raised.Message, cancellationToken)
                : events.NormalAsync(current, raised.Reason, raised.Message, cancellationToken)).ConfigureAwait(false);
        }

        DriftMetrics.Observe(ns, monitor.Metadata.Name, decision);
        if (decision.ResetConsumed)
        {
            await ConsumeResetAsync(current, cancellationToken).ConfigureAwait(false);
        }

        var wait = decision.WakeAt is { } at ? at - time.GetUtcNow() : Poll;
        return ReconcileResult.After(wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > Poll ? Poll : wait);
    }

    private (MonitorBaseline? Baseline, string? Why) Baseline(DriftMonitorResource monitor)
    {
        var ns = monitor.Metadata.NamespaceProperty;
        var model = monitor.Spec.Model;
        if (defaults.RequestLogRoot is null)
        {
            return (null, "the operator has no artifact bucket (--default-artifact-bucket), so no server writes request logs to evaluate");
        }

        var stable = caches.ModelVersions.List().FirstOrDefault(v => v.Metadata.NamespaceProperty == ns && v.Spec.Model == model
            && v.Metadata.DeletionTimestamp is null && v.Status?.Role == ModelRole.Stable);
        if (stable is null)
        {
            return (null, $"model {model} has no Stable ModelVersion serving: there are no serving logs to compare");
        }

        if (stable.Spec.Serving?.RequestLogging?.SampleRate is not > 0)
        {
            return (null, $"ModelVersion {stable.Metadata.Name} logs no requests: set its spec.serving.requestLogging.sampleRate above 0");
        }

        var profile = monitor.Spec.Baseline?.Uri is { Length: > 0 } uri ? uri : stable.Spec.Profile;
        return profile is { Length: > 0 }
            ? (new MonitorBaseline(stable.Metadata.Name, stable.Spec.Version, profile,
                Core.Durations.GoDuration.TryParse(stable.Spec.Serving.RequestLogging.FlushInterval, out var flush) ? flush : null), null)
            : (null, $"ModelVersion {stable.Metadata.Name} has no spec.profile and the monitor no spec.baseline.uri: there is no training profile to compare with");
    }

    private static List<string> Problems(DriftMonitorResource monitor)
    {
        var core = new DriftMonitor
        {
            Metadata = new ResourceMetadata { Name = monitor.Metadata.Name, Namespace = monitor.Metadata.NamespaceProperty },
            Spec = monitor.Spec,
        };
        return [.. DriftMonitorValidator.Validate(core).Select(e => e.ToString())];
    }

    private EvaluationJobState Observe(V1Job job)
    {
        var pods = caches.Pods.List().Where(p => p.Metadata.NamespaceProperty == job.Metadata.NamespaceProperty
            && p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Metadata.Uid) == true);
        var observed = JobObservation.Of(job, pods);
        var end = WindowEnd(job)!.Value;
        var start = DateTimeOffset.TryParse(Label(job.Metadata.Annotations, DriftJobBuilder.WindowStartAnnotation), out var s) ? s : end;
        var window = new WindowSpan(start, end);
        var version = Label(job.Metadata.Annotations, DriftJobBuilder.ModelVersionAnnotation) ?? "";
        return observed.Outcome switch
        {
            JobOutcome.Succeeded when observed.Results is { } results => WindowResult.Parse(results) is var (result, error) && result is not null
                ? new EvaluationJobState(job.Metadata.Name, window, version, true, result, null)
                : new EvaluationJobState(job.Metadata.Name, window, version, true, null, error),
            JobOutcome.Succeeded => new EvaluationJobState(job.Metadata.Name, window, version, true, null, "the evaluation succeeded but left no results"),
            JobOutcome.Failed => new EvaluationJobState(job.Metadata.Name, window, version, true, null, observed.Cause?.Message ?? "its Job failed"),
            _ => new EvaluationJobState(job.Metadata.Name, window, version, false, null, null, observed.Cause?.Message),
        };
    }

    private async Task<List<RetrainRunView>> RunsAsync(DriftMonitorResource monitor, CancellationToken cancellationToken)
    {
        var ns = monitor.Metadata.NamespaceProperty;
        var runs = caches.Runs.List().Where(r => r.Metadata.NamespaceProperty == ns && Label(r.Metadata, MonitorNames.MonitorLabel) == monitor.Metadata.Name).ToList();
        // A run created by the last pass may not be in the cache yet: ask the API server before calling it deleted.
        if (monitor.Status?.LastRetrain is { Outcome: RetrainOutcomes.Running, RunName: { } last } && runs.All(r => r.Metadata.Name != last))
        {
            try
            {
                runs.Add(await client.CustomObjects.GetNamespacedCustomObjectAsync<PipelineRunResource>(ApiGroup.Group, ApiGroup.Version, ns,
                    PipelineRunResource.Plural, last, cancellationToken).ConfigureAwait(false));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted before its outcome was known.
            }
        }

        return [.. runs.Select(r => new RetrainRunView(
            r.Metadata.Name,
            new DateTimeOffset(DateTime.SpecifyKind(r.Metadata.CreationTimestamp ?? DateTime.UnixEpoch, DateTimeKind.Utc)),
            RetrainOutcomes.Of(r.Status?.Phase?.ToString(), r.Status?.Gate?.Result,
                r.Status?.Conditions?.Any(c => c.Type == RunRegistration.ConditionType && c.Status == "True") == true ? r.Status.ModelVersion : null),
            r.Status?.ModelVersion))];
    }

    private async Task CreateRunAsync(DriftMonitorResource monitor, RetrainRequest request, CancellationToken cancellationToken)
    {
        var pipeline = caches.Pipelines.Get(new ObjectKey(monitor.Metadata.NamespaceProperty, request.Pipeline))!;
        var run = RunFactory.For(pipeline, request.RunName, TriggerType.Drift, request.Source);
        run.Metadata.Labels![MonitorNames.MonitorLabel] = monitor.Metadata.Name;
        run.Metadata.Labels[MonitorNames.WindowEndLabel] = MonitorNames.Stamp(request.Window.End);
        run.Spec.Params = monitor.Spec.Retrain?.Params is { Count: > 0 } values ? [.. values] : null;
        try
        {
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(run, ApiGroup.Group, ApiGroup.Version, run.Metadata.NamespaceProperty,
                PipelineRunResource.Plural, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // A pass that stopped before writing status created it already.
        }
    }

    private async Task CreateJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.CreateNamespacedJobAsync(job, job.Metadata.NamespaceProperty, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Started by a pass before a restart: that Job is this window's evaluation.
        }
    }

    private async Task DeleteJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(job.Metadata.Name, job.Metadata.NamespaceProperty,
                new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    private async Task ConsumeResetAsync(DriftMonitorResource monitor, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [Core.Rollout.RolloutActions.Annotation] = null } } };
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), ApiGroup.Group, ApiGroup.Version,
            monitor.Metadata.NamespaceProperty, DriftMonitorResource.Plural, monitor.Metadata.Name, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset? WindowEnd(V1Job job) =>
        MonitorNames.TryParseStamp(Label(job.Metadata, MonitorNames.WindowEndLabel), out var end) ? end : null;

    private static string? Label(V1ObjectMeta metadata, string key) => Label(metadata.Labels, key);

    private static string? Label(IDictionary<string, string>? map, string key) => map is not null && map.TryGetValue(key, out var v) ? v : null;
}
