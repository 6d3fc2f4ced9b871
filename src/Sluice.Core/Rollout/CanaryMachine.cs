using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Rollout;

/// <summary>
/// The steps of a canary rollout, one pass at a time, with no I/O. In order: a person's abort; an unhealthy canary
/// (any restart, or not Ready by the progress deadline) aborts, as Flagger does and Argo does not by default; the
/// pass's check (failures beyond <c>failureLimit</c> abort with the check's message; no data follows
/// <c>noDataPolicy</c>, where Wait pauses and a later check with data resumes); a person's promote, pause or resume;
/// then the current step and every one after it that is already done: <c>setWeight</c> once the traffic is at its
/// weight, a timed pause once its time is up; a pause without duration waits for a person. Past the last step the
/// canary is promoted.
/// </summary>
public static class CanaryMachine
{
    public const string InsufficientTraffic = "InsufficientTraffic";
    public const string ManualGate = "ManualGate";
    public const string PausedByUser = "PausedByUser";

    /// <summary>
    /// The Event when promotion is decided; <c>Promoted</c> follows once the canary's pods are all Ready and it is
    /// Stable, which may be a later pass.
    /// </summary>
    public const string PromotionStarted = "PromotionStarted";

    public static CanaryDecision Next(IReadOnlyList<CanaryStep> steps, CanaryAnalysis? analysis, CanaryProgress progress, CanaryObservation seen)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(seen);
        var events = new List<RolloutEvent>();
        var weight = WeightAt(steps, progress.StepIndex);
        CanaryDecision Decide(CanaryOutcome outcome, CanaryProgress p, string reason, string message, TimeSpan? requeue = null) =>
            new(outcome, p, outcome == CanaryOutcome.Abort ? 0 : outcome == CanaryOutcome.Promote ? 100 : WeightAt(steps, p.StepIndex), reason, message, events, requeue);

        if (seen.Action == RolloutAction.Abort)
        {
            return Abort(events, Decide, progress, "AbortedByUser", "aborted by hand (sluice.dev/action: abort)");
        }

        if (seen.Restarts > 0)
        {
            return Abort(events, Decide, progress, "CanaryUnhealthy", $"a canary pod restarted {seen.Restarts} time{(seen.Restarts == 1 ? "" : "s")} during the rollout{Cause(seen)}");
        }

        if (seen.ProgressDeadlineExceeded)
        {
            return Abort(events, Decide, progress, "ProgressDeadlineExceeded", $"the canary's pods did not become Ready within the progress deadline{Cause(seen)}");
        }

        if (seen.Check is { } check)
        {
            var verdict = check.Verdict == CheckVerdict.NoData
                ? (analysis?.NoDataPolicy ?? NoDataPolicy.Wait) switch
                {
                    NoDataPolicy.Pass => CheckVerdict.Passed,
                    NoDataPolicy.Fail => CheckVerdict.Failed,
                    _ => CheckVerdict.NoData,
                }
                : check.Verdict;
            switch (verdict)
            {
                case CheckVerdict.Failed:
                    progress = progress with { Failures = progress.Failures + 1 };
                    var limit = analysis?.FailureLimit ?? 2;
                    if (progress.Failures > limit)
                    {
                        return Abort(events, Decide, progress, "AnalysisFailed", $"{check.Message} (failed check {progress.Failures}, more than failureLimit {limit})");
                    }

                    events.Add(new RolloutEvent(true, "AnalysisFailed", $"{check.Message} (failed check {progress.Failures} of at most {limit})"));
                    break;
                case CheckVerdict.NoData when progress.PausedReason is null:
                    events.Add(new RolloutEvent(true, InsufficientTraffic, $"{check.Message}; the rollout waits for traffic (noDataPolicy Wait)"));
                    return Decide(CanaryOutcome.Paused, progress with { PausedReason = InsufficientTraffic }, InsufficientTraffic, $"{check.Message}; waiting for traffic");
                case CheckVerdict.NoData:
                    return Decide(CanaryOutcome.Paused, progress, progress.PausedReason, $"{check.Message}; waiting for traffic");
                case CheckVerdict.Passed when progress.PausedReason == InsufficientTraffic:
                    events.Add(new RolloutEvent(false, "RolloutResumed", $"traffic is back: {check.Message}"));
                    progress = progress with { PausedReason = null };
                    break;
            }
        }

        switch (seen.Action)
        {
            case RolloutAction.Promote:
                events.Add(new RolloutEvent(false, PromotionStarted, "promoted by hand (sluice.dev/action: promote), skipping the remaining steps"));
                return Decide(CanaryOutcome.Promote, progress with { StepIndex = steps.Count, PausedReason = null }, "PromotedByUser", "promoted by hand");
            case RolloutAction.Pause when progress.PausedReason is null:
                events.Add(new RolloutEvent(false, PausedByUser, $"paused by hand at step {progress.StepIndex + 1} of {steps.Count}"));
                progress = progress with { PausedReason = PausedByUser };
                break;
            case RolloutAction.Resume when progress.PausedReason == ManualGate:
                // Past the gate; the next step is judged on the next pass, against the pods it asks for.
                events.Add(new RolloutEvent(false, "RolloutResumed", $"resumed by hand past step {progress.StepIndex + 1} of {steps.Count}"));
                return Decide(CanaryOutcome.Progressing, new CanaryProgress(progress.StepIndex + 1, seen.Now, progress.Failures, null), "RolloutResumed", "resumed by hand", TimeSpan.Zero);
            case RolloutAction.Resume when progress.PausedReason is not null:
                events.Add(new RolloutEvent(false, "RolloutResumed", "resumed by hand"));
                progress = progress with { PausedReason = null };
                break;
        }

        if (progress.PausedReason is { } paused && paused != ManualGate)
        {
            return Decide(CanaryOutcome.Paused, progress, paused, $"paused at step {progress.StepIndex + 1} of {steps.Count}, weight {weight}% ({paused})");
        }

        return Step(steps, progress, seen, events, Decide);
    }

    private static string Cause(CanaryObservation seen) => seen.PodProblem is { Length: > 0 } problem ? $": {problem}" : "";

    /// <summary>The canary weight of a step: the last setWeight at or before it (0 before any); 100 past the last step.</summary>
    public static int WeightAt(IReadOnlyList<CanaryStep> steps, int index)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (index >= steps.Count)
        {
            return 100;
        }

        for (var i = index; i >= 0; i--)
        {
            if (steps[i].SetWeight is { } w)
            {
                return w;
            }
        }

        return 0;
    }

    /// <summary>
    /// The current step and, as long as each one is done, the steps after it, all in this pass: the status then
    /// says where the rollout is (a pause, a weight it moves to) with one write, while each step done still raises
    /// its Event. A setWeight step is done once the traffic is at its weight; a timed pause once its time is up.
    /// </summary>
    private static CanaryDecision Step(IReadOnlyList<CanaryStep> steps, CanaryProgress progress, CanaryObservation seen, List<RolloutEvent> events,
        Func<CanaryOutcome, CanaryProgress, string, string, TimeSpan?, CanaryDecision> decide)
    {
        while (progress.StepIndex < steps.Count)
        {
            var step = steps[progress.StepIndex];
            var where = $"step {progress.StepIndex + 1} of {steps.Count}";
            var next = new CanaryProgress(progress.StepIndex + 1, seen.Now, progress.Failures, null);
            if (step.SetWeight is { } weight)
            {
                if (!seen.Reached(weight))
                {
                    return decide(CanaryOutcome.Progressing, progress, "ShiftingTraffic", $"{where}: moving to weight {weight}%", null);
                }

                events.Add(new RolloutEvent(false, "StepCompleted", $"{where}: weight {weight}% reached"));
                progress = next;
                continue;
            }

            if (step.Pause?.Duration is { } text)
            {
                var due = (progress.StepStartedAt ?? seen.Now) + GoDuration.Parse(text);
                if (due > seen.Now)
                {
                    return decide(CanaryOutcome.Progressing, progress, "Pausing", $"{where}: pause {text} at weight {WeightAt(steps, progress.StepIndex)}%, until {due.UtcDateTime:HH:mm:ssZ}", due - seen.Now);
                }

                events.Add(new RolloutEvent(false, "StepCompleted", $"{where}: pause {text} done"));
                progress = next;
                continue;
            }

            if (progress.PausedReason != ManualGate)
            {
                events.Add(new RolloutEvent(false, ManualGate, $"{where}: waiting for a person to promote or resume"));
            }

            return decide(CanaryOutcome.Paused, progress with { PausedReason = ManualGate }, ManualGate, $"{where}: waiting for a person to promote or resume (sluice.dev/action)", null);
        }

        events.Add(new RolloutEvent(false, PromotionStarted, $"all {steps.Count} steps passed"));
        return decide(CanaryOutcome.Promote, progress, "RolloutCompleted", $"all {steps.Count} steps passed", null);
    }

    private static CanaryDecision Abort(List<RolloutEvent> events, Func<CanaryOutcome, CanaryProgress, string, string, TimeSpan?, CanaryDecision> decide,
        CanaryProgress progress, string reason, string message)
    {
        events.Add(new RolloutEvent(true, "RolloutAborted", message));
        return decide(CanaryOutcome.Abort, progress with { PausedReason = null }, reason, message, null);
    }
}
