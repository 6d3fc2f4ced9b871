using Sluice.Core.Api;

namespace Sluice.Core.Registration;

/// <summary>What a run hands to registration: who registers, under which name, and how to find its stages' outputs.</summary>
public sealed record RegistrationSource(
    string Name,
    string Version,
    string? Namespace,
    string Pipeline,
    string Run,
    string? RunUid,
    RunBaseline? Baseline,
    IReadOnlyDictionary<string, decimal> Metrics,
    Func<StageInput, RegisteredArtifact?> Artifact);
