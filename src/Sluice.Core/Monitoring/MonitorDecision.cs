using Sluice.Core.Api;

namespace Sluice.Core.Monitoring;

/// <summary>What one pass does: the status to write, the Job to start or delete, the run to create, Events, and when to look again.</summary>
public sealed record MonitorDecision(
    DriftMonitorStatus Status,
    WindowSpan? StartJob,
    string? DeleteJob,
    RetrainRequest? CreateRun,
    IReadOnlyList<MonitorEvent> Events,
    DateTimeOffset? WakeAt,
    bool ResetConsumed);
