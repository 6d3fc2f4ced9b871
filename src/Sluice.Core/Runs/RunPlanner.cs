using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>
/// The pure decisions of the PipelineRun controller. Given where every stage stands, which stages start (all
/// parallel branches at once), which are skipped because something upstream did not succeed, and what the run's
/// phase and progress are. Skips propagate through the whole downstream in one pass, so a failure is visible
/// everywhere at once rather than one level per reconcile.
/// </summary>
public static class RunPlanner
{
    public static RunStep Next(IReadOnlyList<StageView> stages, bool cancelRequested)
    {
        if (cancelRequested)
        {
            return new RunStep([], [], [.. stages.Where(s => s.Phase is StagePhase.Pending or StagePhase.Running).Select(s => s.Name)]);
        }

        var phases = stages.ToDictionary(s => s.Name, s => s.Phase, StringComparer.Ordinal);
        var skip = new List<string>();
        bool changed;
        do
        {
            changed = false;
            foreach (var stage in stages)
            {
                if (phases[stage.Name] == StagePhase.Pending &&
                    stage.DependsOn.Any(d => phases.GetValueOrDefault(d) is StagePhase.Failed or StagePhase.Skipped or StagePhase.Cancelled))
                {
                    phases[stage.Name] = StagePhase.Skipped;
                    skip.Add(stage.Name);
                    changed = true;
                }
            }
        }
        while (changed);

        var start = stages
            .Where(s => phases[s.Name] == StagePhase.Pending &&
                        s.DependsOn.All(d => phases.GetValueOrDefault(d) == StagePhase.Succeeded))
            .Select(s => s.Name)
            .ToList();
        return new RunStep(start, skip, []);
    }

    public static RunSummary Summarize(IReadOnlyList<StageView> stages)
    {
        var finished = stages.Count(s => s.Phase is not (StagePhase.Pending or StagePhase.Running));
        RunPhase phase;
        if (finished < stages.Count)
        {
            phase = stages.Any(s => s.Phase != StagePhase.Pending) ? RunPhase.Running : RunPhase.Pending;
        }
        else if (stages.Any(s => s.Phase == StagePhase.Failed))
        {
            phase = RunPhase.Failed;
        }
        else if (stages.Any(s => s.Phase == StagePhase.Cancelled))
        {
            phase = RunPhase.Cancelled;
        }
        else
        {
            phase = RunPhase.Succeeded;
        }

        return new RunSummary(phase, finished, stages.Count);
    }

    /// <summary>
    /// When attempt <paramref name="nextAttempt"/> (2 for the first retry) may start: the failure time plus
    /// <c>baseDelay * factor^(nextAttempt-2)</c>, capped at <paramref name="maxDelay"/>.
    /// </summary>
    public static DateTimeOffset RetryDueAt(
        DateTimeOffset failedAt, int nextAttempt, TimeSpan baseDelay, double factor, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nextAttempt, 2);
        var ticks = baseDelay.Ticks * Math.Pow(factor, nextAttempt - 2);
        var delay = ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
        return failedAt + delay;
    }
}
