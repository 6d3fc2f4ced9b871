using Sluice.Core.Api;
using Sluice.Core.Conditions;

namespace Sluice.Core.Monitoring;

/// <summary>The state one pass of <see cref="DriftMonitorMachine"/> builds up: the new status, streak, refusals and Events.</summary>
internal sealed class MonitorPass(MonitorObservation observation, DriftMonitorStatus status)
{
    private readonly List<MonitorEvent> _events = [];

    public MonitorObservation Observation { get; } = observation;

    public DriftMonitorStatus Status { get; } = status;

    public int Streak { get; set; } = status.ConsecutiveDriftedWindows ?? 0;

    public int Refusals { get; set; } = status.ConsecutiveRefusals ?? 0;

    public bool ResetConsumed { get; set; }

    public void Set(string type, string value, string reason, string message) =>
        Status.Conditions = ConditionList.Set(Status.Conditions, type, value, reason, message, Observation.Generation, Observation.Now);

    public void Event(bool warning, string reason, string message) => _events.Add(new MonitorEvent(warning, reason, message));

    public void Record(DateTimeOffset start, long? rows, double? share, string verdict)
    {
        var history = new List<DriftWindowRecord>(Status.History ?? []) { new() { Start = start, Rows = rows, Share = share, Verdict = verdict } };
        Status.History = history.Count > DriftMonitorMachine.HistoryLength ? history[^DriftMonitorMachine.HistoryLength..] : history;
    }

    public MonitorDecision Decision(string? deleteJob, RetrainRequest? createRun, WindowSpan? startJob, DateTimeOffset? wakeAt)
    {
        Status.ConsecutiveDriftedWindows = Streak;
        Status.ConsecutiveRefusals = Refusals;
        return new MonitorDecision(Status, startJob, deleteJob, createRun, _events, wakeAt, ResetConsumed);
    }
}
