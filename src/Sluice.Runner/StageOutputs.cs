using Sluice.Artifacts;

namespace Sluice.Runner;

/// <summary>
/// The artifacts one stage of a run declares, under <c>PREFIX/NAMESPACE/PIPELINE/RUN/STAGE/</c>. A stage that exits 0
/// without writing one of them fails there, as in Argo, rather than leaving its consumer to fail on a missing input.
/// </summary>
internal sealed record StageOutputs(IArtifactStore Store, string StagePrefix)
{
    public async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> outputs, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var output in outputs)
        {
            if (!await Store.ExistsAsync($"{StagePrefix}/{output}", cancellationToken))
            {
                missing.Add(output);
            }
        }

        return missing;
    }
}
