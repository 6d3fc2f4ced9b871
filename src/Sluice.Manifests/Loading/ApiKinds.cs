using Sluice.Core.Api;

namespace Sluice.Manifests.Loading;

/// <summary>The kinds of the sluice.dev API and their C# types.</summary>
public static class ApiKinds
{
    public static IReadOnlyDictionary<string, Type> ByKind { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["Pipeline"] = typeof(Pipeline),
        ["PipelineRun"] = typeof(PipelineRun),
        ["ModelVersion"] = typeof(ModelVersion),
        ["DriftMonitor"] = typeof(DriftMonitor),
    };
}
