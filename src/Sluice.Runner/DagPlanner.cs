using Sluice.Core.Api;

namespace Sluice.Runner;

/// <summary>Each stage's upstream stages in a validated Pipeline: its dependsOn plus the producers of its inputs.</summary>
internal static class DagPlanner
{
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Upstreams(Pipeline pipeline) =>
        pipeline.Spec.Stages.ToDictionary(
            s => s.Name,
            s => (IReadOnlySet<string>)(s.DependsOn ?? []).Concat((s.Inputs ?? []).Select(i => i.From)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
}
