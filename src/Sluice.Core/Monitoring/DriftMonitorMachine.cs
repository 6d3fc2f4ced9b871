using System.Globalization;
using Sluice.Core.Api;
using Sluice.Core.Conditions;

namespace Sluice.Core.Monitoring;

/// <summary>
/// One pass of a DriftMonitor, pure: absorbs the finished evaluation of the next window (watermark, streak,
/// history, conditions, Events), decides a retrain with its safeguards, and says which window to evaluate next
/// and when. Windows are evaluated in order, each once: the watermark moves only when a window's result is absorbed.
/// </summary>
public static class DriftMonitorMachine
{
    public const string Ready = "Ready";
    public const string DriftDetected = "DriftDetected";
    public const string InsufficientData = "InsufficientData";
    public const string RetrainHeldBack = "RetrainHeldBack";
    public const string RetrainingSuspended = "RetrainingSuspended";

    /// <summary>Windows kept in status.history.</summary>
    public const int HistoryLength = 24;

    public static MonitorDecision Decide(MonitorObservation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var prev = o.Status ?? new DriftMonitorStatus();
        var pass = new MonitorPass(o, prev with { ObservedGeneration = o.Generation });
        if (pass.Status.Conditions is null)
        {
            pass.Set(Ready, "Unknown", "Starting", "the operator has picked the monitor up");
            pass.Set(DriftDetected, "Unknown", "NotEvaluated", "no window has been evaluated yet");
        }

        if (o.SpecProblems.Count > 0)
        {
            pass.Set(Ready, "False", "InvalidSpec", string.Join("; ", o.SpecProblems));
            return pass.Decision(null, null, null, null);
        }

        ResetsAndBaseline(pass, prev);
        RetrainOutcome(pass, prev);

        string? delete = null;
        RetrainRequest? create = null;
        if (o.Job is { Finished: true } job)
        {
            delete = job.Name;
            create = Absorb(pass, job);
        }
        else if (o.Job is { Blocked: { } blocked } running)
        {
            pass.Set(Ready, "False", "EvaluationBlocked", $"the evaluation of window {running.Window} cannot run: {blocked}");
        }

        if (o.Settings.Retrain is { } retrain)
        {
            var open = pass.Refusals >= retrain.MaxConsecutiveRefusals;
            pass.Set(RetrainingSuspended, open ? "True" : "False", open ? "CircuitOpen" : "RetrainingAllowed", open
                ? $"the last {pass.Refusals} retraining runs were refused by their gate: retraining is suspended until the spec changes or a person sets sluice.dev/action: reset"
                : $"{pass.Refusals} of {retrain.MaxConsecutiveRefusals} retraining runs in a row refused by their gate");
        }

        if (o.Baseline is null)
        {
            pass.Set(Ready, "False", "NoBaseline", o.NoBaseline ?? "nothing to compare with");
            return pass.Decision(delete, create, null, null);
        }

        if (o.Job is { Finished: false })
        {
            return pass.Decision(delete, create, null, null);
        }

        var (window, skipped) = DriftWindows.Next(pass.Status.Watermark, o.Created, o.Now, o.Settings);
        if (skipped > 0)
        {
            pass.Event(true, "WindowsSkipped", $"evaluation fell {skipped + DriftWindows.MaxCatchUp} windows behind: the oldest {skipped} are skipped, evaluation resumes with {window}");
            pass.Status.Watermark = window.End - o.Settings.Interval;
        }

        if (!IsFailing(pass))
        {
            pass.Set(Ready, "True", "Evaluating", $"comparing the serving logs of {o.Baseline.ModelVersion} (version {o.Baseline.Version}) with {o.Baseline.Profile} every {Durations.GoDuration.Format(o.Settings.Interval)}");
        }

        var due = DriftWindows.DueAt(window, o.Settings);
        return o.Now >= due ? pass.Decision(delete, create, window, null) : pass.Decision(delete, create, null, due);
    }

    private static bool IsFailing(MonitorPass pass) =>
        ConditionList.Find(pass.Status.Conditions, Ready) is { Status: "False", Reason: "EvaluationFailed" or "EvaluationBlocked" }
        && pass.Status.LastEvaluation?.Verdict == WindowVerdicts.Failed;

    private static void ResetsAndBaseline(MonitorPass pass, DriftMonitorStatus prev)
    {
        var o = pass.Observation;
        if (prev.ObservedGeneration is { } before && before != o.Generation)
        {
            if (pass.Streak > 0 || pass.Refusals > 0)
            {
                pass.Event(false, "SpecChanged", $"the spec changed (generation {before} → {o.Generation}): the drifted-window streak ({pass.Streak}) and the refused-retrain count ({pass.Refusals}) start again");
            }

            pass.Streak = 0;
            pass.Refusals = 0;
        }

        if (o.ResetRequested)
        {
            pass.ResetConsumed = true;
            pass.Event(false, "CircuitReset", $"reset by hand (sluice.dev/action: reset): {pass.Refusals} refused retrains forgotten, retraining is allowed again");
            pass.Refusals = 0;
        }

        if (o.Baseline is not { } b)
        {
            return;
        }

        if (prev.Baseline is { } old && (old.ModelVersion != b.ModelVersion || old.Profile != b.Profile))
        {
            pass.Event(false, "BaselineChanged", $"the baseline is now {b.ModelVersion} (version {b.Version}, profile {b.Profile}), was {old.ModelVersion}: the drifted-window streak ({pass.Streak}) starts again");
            pass.Streak = 0;
        }

        pass.Status.Baseline = new DriftBaselineStatus { ModelVersion = b.ModelVersion, Version = b.Version, Profile = b.Profile };
    }

    private static void RetrainOutcome(MonitorPass pass, DriftMonitorStatus prev)
    {
        if (prev.LastRetrain is not { RunName: { } name, Outcome: RetrainOutcomes.Running } last)
        {
            return;
        }

        var run = pass.Observation.Runs.FirstOrDefault(r => r.Name == name);
        var outcome = run?.Outcome ?? RetrainOutcomes.Deleted;
        if (outcome == RetrainOutcomes.Running)
        {
            return;
        }

        pass.Status.LastRetrain = last with { Outcome = outcome, ModelVersion = run?.ModelVersion };
        var max = pass.Observation.Settings.Retrain?.MaxConsecutiveRefusals ?? int.MaxValue;
        switch (outcome)
        {
            case RetrainOutcomes.Refused:
                pass.Refusals++;
                pass.Event(true, "RetrainRefused", $"retraining run {name}: its gate refused the model ({pass.Refusals} in a row, the circuit breaker opens at {max})");
                if (pass.Refusals == max)
                {
                    pass.Event(true, "CircuitOpened", $"{max} retraining runs in a row were refused by their gate: retraining is suspended until the spec changes or a person sets sluice.dev/action: reset");
                }

                break;
            case RetrainOutcomes.Registered:
                pass.Refusals = 0;
                pass.Event(false, "RetrainRegistered", $"retraining run {name} registered ModelVersion {run?.ModelVersion}");
                break;
            default:
                pass.Event(outcome != RetrainOutcomes.Succeeded, "RetrainFinished", $"retraining run {name} ended {outcome}");
                break;
        }
    }

    private static RetrainRequest? Absorb(MonitorPass pass, EvaluationJobState job)
    {
        var o = pass.Observation;
        pass.Status.Watermark = job.Window.End;
        // A window compared against a former baseline is reported, but is no evidence about the current one.
        var counts = job.ModelVersion == o.Baseline?.ModelVersion;
        if (job.Result is not { } r)
        {
            pass.Status.LastEvaluation = new DriftEvaluationStatus
            {
                Time = o.Now, WindowStart = job.Window.Start, WindowEnd = job.Window.End, ModelVersion = job.ModelVersion,
                Verdict = WindowVerdicts.Failed, Message = job.Failure,
            };
            pass.Record(job.Window.Start, null, null, WindowVerdicts.Failed);
            pass.Set(Ready, "False", "EvaluationFailed", $"the evaluation of window {job.Window} failed: {job.Failure}");
            pass.Event(true, "EvaluationFailed", $"window {job.Window}: {job.Failure}");
            return null;
        }

        pass.Status.LastEvaluation = new DriftEvaluationStatus
        {
            Time = o.Now, WindowStart = job.Window.Start, WindowEnd = job.Window.End, ModelVersion = job.ModelVersion, Verdict = r.Verdict,
            Rows = r.Rows, Samples = r.Sampled, InvalidRows = r.Invalid, InvalidObjects = r.InvalidObjects, Report = r.Report,
            Drifted = r.Verdict == WindowVerdicts.InsufficientData ? null : $"{r.DriftedFeatures}/{r.Features}",
            DriftedFeatures = r.Verdict == WindowVerdicts.InsufficientData ? null : r.DriftedFeatures,
            Share = r.Verdict == WindowVerdicts.InsufficientData ? null : r.Share,
            DatasetDrift = r.Verdict == WindowVerdicts.InsufficientData ? null : r.Verdict == WindowVerdicts.Drifted,
        };
        pass.Record(job.Window.Start, r.Rows, r.Verdict == WindowVerdicts.InsufficientData ? null : r.Share, r.Verdict);
        var invalid = r.Invalid + r.InvalidObjects > 0 ? $"; left out {r.Invalid} malformed lines and {r.InvalidObjects} unreadable files" : "";
        pass.Event(false, "WindowEvaluated", $"window {job.Window}: {r.Verdict}, {Drifted(r)}{r.Rows} rows ({r.Sampled} compared){invalid}");
        if (r.Verdict == WindowVerdicts.InsufficientData)
        {
            pass.Set(InsufficientData, "True", "TooFewRows", $"window {job.Window} has {r.Rows} rows of {job.ModelVersion}, fewer than window.minSamples {o.Settings.MinSamples}: it neither counts towards nor resets the streak");
            pass.Event(true, "InsufficientData", $"window {job.Window}: {r.Rows} rows, fewer than window.minSamples {o.Settings.MinSamples}");
            return null;
        }

        pass.Set(InsufficientData, "False", "EnoughRows", $"window {job.Window} has {r.Rows} rows");
        pass.Status.Features = [.. r.Top.Select(f => new FeatureDriftStatus
        {
            Name = f.Name, Method = f.Method, Score = f.Score, PValue = f.PValue, Threshold = f.Threshold, Drifted = f.Drifted,
        })];
        pass.Status.FeaturesOmitted = r.Omitted;
        var wasDrifted = ConditionList.Find(pass.Status.Conditions, DriftDetected)?.Status == "True";
        var top = string.Join(", ", r.Top.Where(f => f.Drifted).Take(5).Select(f => f.Name));
        if (r.Verdict == WindowVerdicts.Clean)
        {
            pass.Streak = counts ? 0 : pass.Streak;
            pass.Set(DriftDetected, "False", "NoDrift", $"window {job.Window}: {r.DriftedFeatures}/{r.Features} features drifted, below driftShare {o.Settings.DriftShare.ToString("0.###", CultureInfo.InvariantCulture)}");
            if (wasDrifted)
            {
                pass.Event(false, "DriftCleared", $"window {job.Window} is clean: {r.DriftedFeatures}/{r.Features} features drifted");
            }

            return null;
        }

        pass.Streak = counts ? pass.Streak + 1 : pass.Streak;
        var needed = o.Settings.ConsecutiveWindows;
        pass.Set(DriftDetected, "True", "DriftDetected", $"window {job.Window}: {r.DriftedFeatures}/{r.Features} features drifted ({top}); {Math.Min(pass.Streak, needed)}/{needed} windows in a row");
        pass.Event(true, "DriftDetected", $"window {job.Window}: {r.DriftedFeatures}/{r.Features} features drifted ({top}), streak {pass.Streak}/{needed}");
        return counts && pass.Streak >= needed ? RetrainGuard.Decide(pass, job.Window) : null;
    }

    private static string Drifted(WindowResult r) =>
        r.Verdict == WindowVerdicts.InsufficientData ? "" : $"{r.DriftedFeatures}/{r.Features} features drifted, ";
}
