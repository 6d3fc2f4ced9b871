using Sluice.Core.Api;
using Sluice.Core.Results;

namespace Sluice.Core.Registration;

/// <summary>What a run hands to registration: who registers, under which name, and its succeeded stages by name.</summary>
public sealed record RegistrationSource(
    string Name,
    string Version,
    string? Namespace,
    string Pipeline,
    string Run,
    string? RunUid,
    RunBaseline? Baseline,
    Func<string, StageOutcome?> Stages)
{
    /// <summary>A stage output the registration names: its URI and the sha256 its stage reported.</summary>
    public RegisteredArtifact? Artifact(StageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Stages(input.From) is { } stage && stage.Outputs.TryGetValue(input.Name, out var uri)
            ? new RegisteredArtifact(uri, ArtifactDigests.Sha256(stage.Results, input.Name))
            : null;
    }
}
