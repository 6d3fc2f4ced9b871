using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Core.Runs;
using Sluice.Core.Scheduling;
using Sluice.Core.Validation;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;
using RunPhase = Sluice.Core.Api.RunPhase;

namespace Sluice.Operator.Pipelines;

/// <summary>
/// Keeps a Pipeline's status true (Ready with every validation error; an invalid Pipeline never starts runs; the
/// last run), starts runs on its cron schedule and on spec change, each under a deterministic name so a restart
/// never starts one twice, and deletes finished runs beyond the history limits. Status is written once per pass
/// and only when it changed.
/// </summary>
internal sealed partial class PipelineReconciler(
    IKubernetes client,
    RunCaches caches,
    EventRecorder events,
    TimeProvider time,
    ILogger logger) : IReconciler
{
    public const string ReadyCondition = "Ready";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (caches.Pipelines.Get(key) is not { } pipeline || pipeline.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var now = StatusWrites.Now(time);
        var generation = pipeline.Metadata.Generation;
        var status = pipeline.Status is null ? new PipelineStatus() : pipeline.Status with { };
        var errors = PipelineValidator.ValidateSpec(pipeline.Spec, pipeline.Metadata.Name).Select(e => e.ToString()).ToList();
        TimeZoneInfo? zone = null;
        if (pipeline.Spec.Schedule is { } schedule && !TryFindZone(schedule.Timezone, out zone))
        {
            errors.Add($"spec.schedule.timezone: \"{schedule.Timezone}\" is not a time zone this operator knows; use an IANA name such as Europe/Paris");
        }

        var wasInvalid = status.Conditions?.FirstOrDefault(c => c.Type == ReadyCondition) is { Status: "False", Reason: "Invalid" };
        status.Conditions = errors.Count > 0
            ? StatusConditions.Set(status.Conditions, ReadyCondition, "False", "Invalid", string.Join("; ", errors), generation, now)
            : StatusConditions.Set(status.Conditions, ReadyCondition, "True", "Valid", $"{pipeline.Spec.Stages.Count} stages; ready to run", generation, now);
        status.ObservedGeneration = generation;
        var runs = caches.Runs.List()
            .Where(r => r.Metadata.NamespaceProperty == pipeline.Metadata.NamespaceProperty && r.Spec.PipelineRef.Name == pipeline.Metadata.Name)
            .ToList();

        ReconcileResult result = ReconcileResult.Done;
        if (errors.Count == 0)
        {
            await StartOnSpecChangeAsync(pipeline, status, runs, cancellationToken).ConfigureAwait(false);
            if (pipeline.Spec.Schedule is { } due)
            {
                result = await ScheduleAsync(pipeline, due, zone!, status, runs, now, cancellationToken).ConfigureAwait(false);
            }
        }

        await PruneHistoryAsync(pipeline, runs, cancellationToken).ConfigureAwait(false);
        status.LastRun = LastRun(caches.Runs.List().Where(r =>
            r.Metadata.NamespaceProperty == pipeline.Metadata.NamespaceProperty && r.Spec.PipelineRef.Name == pipeline.Metadata.Name));

        if (!StatusJson.Same(status, pipeline.Status))
        {
            var body = new PipelineResource { Metadata = pipeline.Metadata, Spec = pipeline.Spec, Status = status };
            var written = await StatusWrites.ReplaceAsync(client, body, PipelineResource.Plural, cancellationToken).ConfigureAwait(false);
            caches.Pipelines.Remember(written);
            if (errors.Count > 0 && !wasInvalid)
            {
                LogInvalid(errors.Count);
                await events.WarningAsync(written, "Invalid", string.Join("; ", errors), cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    private async Task StartOnSpecChangeAsync(PipelineResource pipeline, PipelineStatus status, List<PipelineRunResource> runs, CancellationToken cancellationToken)
    {
        if (pipeline.Spec.RunPolicy?.RunOnSpecChange != true)
        {
            return;
        }

        var digest = SpecDigest.Of(pipeline.Spec);
        if (status.SpecDigest == digest)
        {
            return;
        }

        var name = SpecDigest.RunName(pipeline.Metadata.Name, pipeline.Spec);
        if (runs.All(r => r.Metadata.Name != name))
        {
            var source = string.Create(CultureInfo.InvariantCulture, $"generation {pipeline.Metadata.Generation}");
            await CreateRunAsync(pipeline, RunFactory.For(pipeline, name, TriggerType.SpecChange, source), cancellationToken).ConfigureAwait(false);
        }

        status.SpecDigest = digest;
    }

    private async Task<ReconcileResult> ScheduleAsync(
        PipelineResource pipeline, PipelineSchedule schedule, TimeZoneInfo zone, PipelineStatus status,
        List<PipelineRunResource> runs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var active = runs.Where(r => r.Status?.Phase is null or RunPhase.Pending or RunPhase.Running).ToList();
        var last = status.LastScheduleTime ?? new DateTimeOffset(DateTime.SpecifyKind(pipeline.Metadata.CreationTimestamp ?? now.UtcDateTime, DateTimeKind.Utc));
        var decision = SchedulePlanner.Plan(schedule, zone, last, now, active.Count > 0);
        if (decision.ScheduledTime is { } scheduled)
        {
            if (decision.CancelActive)
            {
                foreach (var run in active.Where(r => r.Spec.Cancel != true).ToList())
                {
                    await client.CustomObjects.PatchNamespacedCustomObjectAsync(
                        new V1Patch("""{"spec":{"cancel":true}}""", V1Patch.PatchType.MergePatch), ApiGroup.Group, ApiGroup.Version,
                        run.Metadata.NamespaceProperty, PipelineRunResource.Plural, run.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            if (decision.Action == ScheduleAction.Start)
            {
                var name = SchedulePlanner.RunName(pipeline.Metadata.Name, scheduled, pipeline.Spec);
                var source = scheduled.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                await CreateRunAsync(pipeline, RunFactory.For(pipeline, name, TriggerType.Schedule, source), cancellationToken).ConfigureAwait(false);
            }

            if (decision.Action == ScheduleAction.Skip || decision.MissedEarlier)
            {
                await events.WarningAsync(pipeline, decision.Action == ScheduleAction.Skip ? "ScheduleSkipped" : "MissedSchedule", decision.Message, cancellationToken).ConfigureAwait(false);
            }

            status.LastScheduleTime = scheduled;
        }

        return decision.RequeueAt is { } at ? ReconcileResult.After(at - now < TimeSpan.Zero ? TimeSpan.Zero : at - now) : ReconcileResult.Done;
    }

    private async Task CreateRunAsync(PipelineResource pipeline, PipelineRunResource run, CancellationToken cancellationToken)
    {
        try
        {
            var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<PipelineRunResource>(
                run, ApiGroup.Group, ApiGroup.Version, run.Metadata.NamespaceProperty, PipelineRunResource.Plural,
                fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            caches.Runs.Remember(created);
            await events.NormalAsync(pipeline, "RunCreated", $"created PipelineRun {run.Metadata.Name} ({run.Spec.Trigger!.Type}: {run.Spec.Trigger.Source})", cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created by an earlier pass whose status write did not land: the deterministic name makes this a no-op.
        }
    }

    private async Task PruneHistoryAsync(PipelineResource pipeline, List<PipelineRunResource> runs, CancellationToken cancellationToken)
    {
        var finished = runs
            .Where(r => r.Metadata.DeletionTimestamp is null && r.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed or RunPhase.Cancelled)
            .Select(r => new FinishedRun(r.Metadata.Name, r.Status!.Phase!.Value, r.Status.CompletionTime));
        foreach (var name in RunHistoryPruner.RunsToDelete(finished, pipeline.Spec.SuccessfulRunsHistoryLimit, pipeline.Spec.FailedRunsHistoryLimit))
        {
            try
            {
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                    ApiGroup.Group, ApiGroup.Version, pipeline.Metadata.NamespaceProperty, PipelineRunResource.Plural, name,
                    propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
                LogPruned(name);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }
    }

    private static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        if (string.IsNullOrEmpty(id) || id == "UTC")
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private static LastRunStatus? LastRun(IEnumerable<PipelineRunResource> runs)
    {
        PipelineRunResource? last = null;
        foreach (var run in runs)
        {
            if (last is null || run.Metadata.CreationTimestamp > last.Metadata.CreationTimestamp ||
                (run.Metadata.CreationTimestamp == last.Metadata.CreationTimestamp && string.CompareOrdinal(run.Metadata.Name, last.Metadata.Name) > 0))
            {
                last = run;
            }
        }

        return last is null ? null : new LastRunStatus
        {
            Name = last.Metadata.Name,
            Phase = last.Status?.Phase,
            StartTime = last.Status?.StartTime,
            CompletionTime = last.Status?.CompletionTime,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline is invalid ({Count} errors); it starts no runs until fixed")]
    private partial void LogInvalid(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted PipelineRun {Run}: beyond the Pipeline's history limits")]
    private partial void LogPruned(string run);
}
