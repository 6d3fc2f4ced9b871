using k8s;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Core.Validation;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;

namespace Sluice.Operator.Pipelines;

/// <summary>
/// Keeps a Pipeline's status true: Ready with every validation error when the spec is invalid (an invalid
/// Pipeline never starts runs), and the last run. Writes status once per pass and only when it changed.
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

        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var generation = pipeline.Metadata.Generation;
        var status = pipeline.Status is null ? new PipelineStatus() : pipeline.Status with { };
        var errors = PipelineValidator.ValidateSpec(pipeline.Spec, pipeline.Metadata.Name);
        var wasInvalid = status.Conditions?.FirstOrDefault(c => c.Type == ReadyCondition) is { Status: "False", Reason: "Invalid" };
        status.Conditions = errors.Count > 0
            ? StatusConditions.Set(status.Conditions, ReadyCondition, "False", "Invalid", string.Join("; ", errors), generation, now)
            : StatusConditions.Set(status.Conditions, ReadyCondition, "True", "Valid", $"{pipeline.Spec.Stages.Count} stages; ready to run", generation, now);
        status.ObservedGeneration = generation;
        status.LastRun = LastRun(pipeline);

        if (!StatusJson.Same(status, pipeline.Status))
        {
            var body = new PipelineResource { Metadata = pipeline.Metadata, Spec = pipeline.Spec, Status = status };
            var written = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<PipelineResource>(
                body, ApiGroup.Group, ApiGroup.Version, pipeline.Metadata.NamespaceProperty, PipelineResource.Plural,
                pipeline.Metadata.Name, fieldManager: Labels.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            caches.Pipelines.Remember(written);
            if (errors.Count > 0 && !wasInvalid)
            {
                LogInvalid(errors.Count);
                await events.WarningAsync(written, "Invalid", string.Join("; ", errors), cancellationToken).ConfigureAwait(false);
            }
        }

        return ReconcileResult.Done;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline is invalid ({Count} errors); it starts no runs until fixed")]
    private partial void LogInvalid(int count);

    private LastRunStatus? LastRun(PipelineResource pipeline)
    {
        var last = caches.Runs.List()
            .Where(r => r.Metadata.NamespaceProperty == pipeline.Metadata.NamespaceProperty && r.Spec.PipelineRef.Name == pipeline.Metadata.Name)
            .OrderByDescending(r => r.Metadata.CreationTimestamp)
            .ThenByDescending(r => r.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return last is null ? null : new LastRunStatus
        {
            Name = last.Metadata.Name,
            Phase = last.Status?.Phase,
            StartTime = last.Status?.StartTime,
            CompletionTime = last.Status?.CompletionTime,
        };
    }
}
