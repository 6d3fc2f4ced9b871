using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Runs;

/// <summary>
/// Thin glue around <see cref="RunStart"/> and <see cref="RunProgression"/>: reads the run, its Pipeline, Jobs
/// and pods from the informer caches, creates only absent Jobs, deletes cancelled ones, writes status once and
/// only when it changed, raises the pass's Events, and after a finished run's TTL deletes its Jobs.
/// </summary>
internal sealed partial class PipelineRunReconciler(
    IKubernetes client,
    RunCaches caches,
    ArtifactDefaults defaults,
    EventRecorder events,
    TimeProvider time,
    ILogger logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (caches.Runs.Get(key) is not { } run || run.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var now = StatusWrites.Now(time);
        PipelineRunStatus current;
        RunEvent? startEvent = null;
        if (run.Status?.PipelineSpec is null)
        {
            if (run.Status?.Phase is RunPhase.Failed)
            {
                return ReconcileResult.Done;
            }

            var pipeline = caches.Pipelines.Get(new ObjectKey(key.Namespace, run.Spec.PipelineRef.Name));
            var serving = pipeline?.Spec.Model is { } registration ? RunBaselines.Of(caches.BaselineVersionOf(key.Namespace!, registration.Name)) : null;
            current = RunStart.Begin(run, pipeline, defaults, now, out var begun, serving);
            if (current.PipelineSpec is null)
            {
                // Waiting for its Pipeline, or failed before any stage could start.
                if (await WriteStatusAsync(run, current, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    await RaiseAsync(written, begun, cancellationToken).ConfigureAwait(false);
                }

                return ReconcileResult.Done;
            }

            // Started: the first stages start in this same pass, so the snapshot and their Jobs land in one write.
            startEvent = begun;
        }
        else if (run.Status.Phase is RunPhase.Succeeded or RunPhase.Failed or RunPhase.Cancelled)
        {
            return await CleanUpFinishedAsync(run, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            current = Clone(run.Status);
        }

        var artifacts = defaults.Resolve(current.PipelineSpec!.ArtifactRepository, run);
        var failedPods = await PodsOfFailedJobsAsync(run, current, cancellationToken).ConfigureAwait(false);
        var model = current.PipelineSpec.Model?.Name;
        var decision = RunProgression.Advance(
            run, current, artifacts, name => caches.Jobs.Get(new ObjectKey(key.Namespace, name)),
            job => failedPods.TryGetValue(job.Metadata.Name, out var pods) ? pods : caches.Pods.ListByControllerUid(job.Metadata.Uid), now,
            // Read only by the registration step, once every stage has succeeded: not on every pass of every run.
            () => model is null ? null : RunBaselines.Of(caches.BaselineVersionOf(key.Namespace!, model)),
            () => model is null ? [] : [.. caches.ModelVersions.List().Where(v => v.Metadata.NamespaceProperty == key.Namespace)]);

        var status = decision.Status;
        foreach (var request in decision.Create)
        {
            if (await CreateJobAsync(request, cancellationToken).ConfigureAwait(false) is { } rejected)
            {
                var stage = status.Stages!.First(s => s.Name == request.Stage.Name);
                stage.Phase = StagePhase.Failed;
                stage.Reason = "JobRejected";
                stage.Message = rejected;
                stage.CompletionTime = now;
            }
        }

        foreach (var job in decision.Delete)
        {
            await DeleteJobAsync(key.Namespace!, job, cancellationToken).ConfigureAwait(false);
        }

        var result = await WriteStatusAsync(run, status, cancellationToken).ConfigureAwait(false);
        foreach (var raised in startEvent is null ? decision.Events : [startEvent, .. decision.Events])
        {
            await RaiseAsync(result ?? run, raised, cancellationToken).ConfigureAwait(false);
        }

        if (decision.Register is { } version)
        {
            // The name is already in the stored status, so this create is the same one after any restart; the next
            // pass sees the version in the cache and records it.
            await CreateModelVersionAsync(run, version, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(TimeSpan.Zero);
        }

        return decision.RequeueAfter is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    /// <summary>
    /// The pods of running stages whose Job just failed, read from the API rather than the cache: the pod's last
    /// update and the Job's Failed condition arrive on different watches, and the cause lives in the pod.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<V1Pod>>> PodsOfFailedJobsAsync(
        PipelineRunResource run, PipelineRunStatus status, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<V1Pod>>(StringComparer.Ordinal);
        foreach (var stage in status.Stages!.Where(s => s.Phase == StagePhase.Running && s.JobName is not null))
        {
            var job = caches.Jobs.Get(new ObjectKey(run.Metadata.NamespaceProperty, stage.JobName!));
            if (job?.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") != true)
            {
                continue;
            }

            var pods = await client.CoreV1.ListNamespacedPodAsync(
                run.Metadata.NamespaceProperty, labelSelector: $"job-name={job.Metadata.Name}", cancellationToken: cancellationToken).ConfigureAwait(false);
            result[job.Metadata.Name] = [.. pods.Items.Where(p => p.Metadata.OwnerReferences?.Any(o => o.Uid == job.Metadata.Uid) == true)];
        }

        return result;
    }

    /// <summary>Creates the Job unless it exists; returns the API's message when it rejects the Job as invalid.</summary>
    private async Task<string?> CreateJobAsync(StageJobRequest request, CancellationToken cancellationToken)
    {
        var job = StageJobBuilder.Build(request);
        try
        {
            var created = await client.BatchV1.CreateNamespacedJobAsync(job, request.Namespace, fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            caches.Jobs.Remember(created);
            LogJobCreated(created.Metadata.Name, request.RunName);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, request.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == request.RunUid) != true)
            {
                // A Job of an earlier run with the same name is still being garbage collected.
                throw new InvalidOperationException($"Job {job.Metadata.Name} exists but belongs to another run; waiting for it to be deleted");
            }

            caches.Jobs.Remember(existing);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            return $"the API server rejected the stage's Job: {ApiMessage(e)}";
        }
    }

    /// <summary>Creates the ModelVersion; one that already exists (a retried create, or another run's) is read into the cache instead.</summary>
    private async Task CreateModelVersionAsync(PipelineRunResource run, ModelVersionResource version, CancellationToken cancellationToken)
    {
        var ns = version.Metadata.NamespaceProperty;
        try
        {
            var created = await client.CustomObjects.CreateNamespacedCustomObjectAsync<ModelVersionResource>(
                version, ApiGroup.Group, ApiGroup.Version, ns, ModelVersionResource.Plural,
                fieldManager: OperatorIdentity.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            caches.ModelVersions.Remember(created);
            LogModelVersionCreated(created.Metadata.Name, run.Metadata.Name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await client.CustomObjects.GetNamespacedCustomObjectAsync<ModelVersionResource>(
                ApiGroup.Group, ApiGroup.Version, ns, ModelVersionResource.Plural, version.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            caches.ModelVersions.Remember(existing);
        }
    }

    private async Task DeleteJobAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.BatchV1.DeleteNamespacedJobAsync(name, ns, propagationPolicy: "Background", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: what we wanted.
        }
    }

    private async Task<ReconcileResult> CleanUpFinishedAsync(PipelineRunResource run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (run.Status!.PipelineSpec!.TtlSecondsAfterFinished is not { } ttl || run.Status.CompletionTime is not { } done)
        {
            return ReconcileResult.Done;
        }

        var jobs = caches.Jobs.ListByControllerUid(run.Metadata.Uid);
        if (jobs.Count == 0)
        {
            return ReconcileResult.Done;
        }

        var due = done.AddSeconds(ttl);
        if (due > now)
        {
            return ReconcileResult.After(due - now);
        }

        foreach (var job in jobs)
        {
            await DeleteJobAsync(job.Metadata.NamespaceProperty, job.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }

        LogCleanedUp(jobs.Count, run.Metadata.Name);
        return ReconcileResult.Done;
    }

    private async Task<PipelineRunResource?> WriteStatusAsync(PipelineRunResource run, PipelineRunStatus status, CancellationToken cancellationToken)
    {
        if (StatusJson.Same(status, run.Status))
        {
            return null;
        }

        var body = new PipelineRunResource { Metadata = run.Metadata, Spec = run.Spec, Status = status };
        var written = await StatusWrites.ReplaceAsync(client, body, PipelineRunResource.Plural, cancellationToken).ConfigureAwait(false);
        caches.Runs.Remember(written);
        return written;
    }

    private Task RaiseAsync(PipelineRunResource run, RunEvent raised, CancellationToken cancellationToken) => raised.Warning
        ? events.WarningAsync(run, raised.Reason, raised.Message, cancellationToken)
        : events.NormalAsync(run, raised.Reason, raised.Message, cancellationToken);

    private static PipelineRunStatus Clone(PipelineRunStatus status) =>
        KubernetesJson.Deserialize<PipelineRunStatus>(KubernetesJson.Serialize(status));

    private static string ApiMessage(HttpOperationException e)
    {
        try
        {
            return KubernetesJson.Deserialize<V1Status>(e.Response.Content)?.Message ?? e.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return e.Message;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Job {Job} for run {Run}")]
    private partial void LogJobCreated(string job, string run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created ModelVersion {ModelVersion} for run {Run}")]
    private partial void LogModelVersionCreated(string modelVersion, string? run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} Jobs of finished run {Run} after its TTL")]
    private partial void LogCleanedUp(int count, string run);
}
