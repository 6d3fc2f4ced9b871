namespace Sluice.Runner;

/// <summary>The outcome of a local run: every stage's status, the artifacts prefix, the metrics it produced, and the gate's verdict.</summary>
public sealed record RunResult(
    string RunName,
    string ArtifactsUri,
    bool Succeeded,
    bool Cancelled,
    IReadOnlyList<StageStatus> Stages,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    LocalGateOutcome? Gate = null);
