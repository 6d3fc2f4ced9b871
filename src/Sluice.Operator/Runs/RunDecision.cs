using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>
/// What one reconcile pass of a run must do: the Jobs to create (absent ones only) and delete, the status to
/// write (when it differs from the stored one), the Events to raise, when to look again, and the ModelVersion to
/// register (created after the status is written).
/// </summary>
internal sealed record RunDecision(
    PipelineRunStatus Status,
    IReadOnlyList<StageJobRequest> Create,
    IReadOnlyList<string> Delete,
    IReadOnlyList<RunEvent> Events,
    TimeSpan? RequeueAfter,
    ModelVersionResource? Register = null);
