using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Monitoring;

/// <summary>
/// Whether a due retrain starts, or which safeguard holds it back: the circuit breaker (refused retrains in a
/// row), one run at a time, the cooldown since the last start, and a Pipeline that must exist. A hold is
/// recorded in status, a condition and an Event, never silent.
/// </summary>
internal static class RetrainGuard
{
    public static RetrainRequest? Decide(MonitorPass pass, WindowSpan window)
    {
        var o = pass.Observation;
        if (o.Settings.Retrain is not { } retrain)
        {
            return null;
        }

        // The last run counts as active until its outcome is known, also before a cache has seen it.
        var active = o.Runs.FirstOrDefault(r => r.Outcome == RetrainOutcomes.Running)?.Name
            ?? (pass.Status.LastRetrain is { Outcome: RetrainOutcomes.Running, RunName: { } running } ? running : null);
        var last = pass.Status.LastRetrain?.Time;
        (string Reason, string Message)? hold =
            pass.Refusals >= retrain.MaxConsecutiveRefusals
                ? ("CircuitOpen", $"retraining is suspended: the last {pass.Refusals} retraining runs were refused by their gate (retrain.maxConsecutiveRefusals {retrain.MaxConsecutiveRefusals}); change the spec or set sluice.dev/action: reset")
            : active is not null
                ? ("RunActive", $"retraining run {active} is still running; one retraining run at a time")
            : last is { } t && o.Now < t + retrain.Cooldown
                ? ("Cooldown", $"the last retrain started at {WindowSpan.Text(t)}; retrain.cooldown {GoDuration.Format(retrain.Cooldown)} lasts until {WindowSpan.Text(t + retrain.Cooldown)}")
            : !o.PipelineExists
                ? ("PipelineNotFound", $"retrain.pipelineRef names Pipeline {retrain.Pipeline}, which does not exist")
            : null;
        if (hold is { } h)
        {
            pass.Status.LastHeldBack = new RetrainHold { Time = o.Now, Reason = h.Reason, Message = h.Message };
            pass.Set(DriftMonitorMachine.RetrainHeldBack, "True", h.Reason, $"drift in {pass.Streak} windows in a row calls for a retrain, held back: {h.Message}");
            pass.Event(false, "RetrainHeldBack", $"{h.Reason}: {h.Message}");
            return null;
        }

        var name = MonitorNames.RetrainRun(o.Name, window);
        pass.Status.LastRetrain = new RetrainStatus { Time = o.Now, RunName = name, WindowEnd = window.End, Outcome = RetrainOutcomes.Running };
        pass.Set(DriftMonitorMachine.RetrainHeldBack, "False", "RetrainTriggered", $"started retraining run {name} after {pass.Streak} drifted windows in a row");
        pass.Event(false, "RetrainTriggered", $"started PipelineRun {name} of Pipeline {retrain.Pipeline}: {pass.Streak} drifted windows in a row, the last {window}");
        return new RetrainRequest(name, retrain.Pipeline, window, $"driftmonitor/{o.Name} window {window}");
    }
}
