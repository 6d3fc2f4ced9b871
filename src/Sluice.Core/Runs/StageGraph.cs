using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>The DAG of a Pipeline as both executors walk it: a stage waits for its dependsOn and for the producers of its inputs.</summary>
public static class StageGraph
{
    public static IReadOnlyList<string> Upstreams(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return [.. (stage.DependsOn ?? []).Concat((stage.Inputs ?? []).Select(i => i.From)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What the planner needs of each stage, given where each stands.</summary>
    public static IReadOnlyList<StageView> Views(IEnumerable<Stage> stages, Func<string, StagePhase> phaseOf)
    {
        ArgumentNullException.ThrowIfNull(phaseOf);
        return [.. stages.Select(s => new StageView(s.Name, Upstreams(s), phaseOf(s.Name)))];
    }

    /// <summary>Why a stage was skipped, the same words under the operator and <c>sluice run</c>.</summary>
    public static string SkipMessage(IEnumerable<string> blockers) => $"not run because {string.Join(", ", blockers)} did not succeed";
}
