using Sluice.Core.Api;
using Sluice.Core.Registration;

namespace Sluice.Runner;

/// <summary>
/// The gate and registration of a local run, with the operator's rules (<see cref="RunGate"/>,
/// <see cref="ModelVersionDraft"/>): the baseline is <c>--baseline</c> or the last version registered locally,
/// pinned before the first stage starts.
/// </summary>
internal sealed class LocalGate(LocalRegistry registry, ModelRegistration model, RunBaseline? pinned, bool pinnedByOption)
{
    public RunBaseline? Baseline => pinned;

    public static async Task<LocalGate> PinAsync(LocalRegistry registry, ModelRegistration model, string? baselineOption, CancellationToken cancellationToken)
    {
        if (baselineOption is not null)
        {
            return new LocalGate(registry, model, new RunBaseline { ModelVersion = baselineOption, Uri = baselineOption }, true);
        }

        return new LocalGate(registry, model, Of(await registry.ServingAsync(model.Name, cancellationToken)), false);
    }

    /// <summary>The verdict on a run whose stages all succeeded, and the version it registered when it passed.</summary>
    public async Task<LocalGateOutcome> DecideAsync(string pipeline, string run, IReadOnlyDictionary<string, StageStatus> stages, CancellationToken cancellationToken)
    {
        var versions = await registry.VersionsAsync(model.Name, cancellationToken);
        var servingNow = pinnedByOption ? pinned : Of(versions.LastOrDefault());
        StageOutcome? Outcome(string name) => stages.TryGetValue(name, out var stage) && stage.Phase == Core.Api.StagePhase.Succeeded
            ? new StageOutcome(stage.Outputs, stage.Results)
            : null;
        var verdict = RunGate.Evaluate(model, Outcome, pinned, servingNow);
        if (!verdict.Passed)
        {
            return new LocalGateOutcome(verdict, pinned, null, null);
        }

        var version = ModelVersionNames.NextFree(model.Name, versions.Select(v => v.Spec.Version), new HashSet<string>(StringComparer.Ordinal));
        var draft = ModelVersionDraft.Build(model, new RegistrationSource(
            ModelVersionNames.Name(model.Name, version), version, null, pipeline, run, null, pinnedByOption ? null : pinned, Outcome));
        var uri = await registry.RegisterAsync(draft, cancellationToken);
        return new LocalGateOutcome(verdict, pinned, draft, uri);
    }

    private static RunBaseline? Of(ModelVersion? version) => version is null ? null : new RunBaseline
    {
        ModelVersion = version.Metadata.Name,
        Version = version.Spec.Version,
        Uri = version.Spec.Source.Uri,
        Sha256 = version.Spec.Source.Sha256,
    };
}
