using Sluice.Core.Api;

namespace Sluice.Operator.Stages;

/// <summary>One attempt of one stage of one run: everything <see cref="StageJobBuilder"/> needs to write its Job.</summary>
/// <param name="Spec">The run's snapshot of the Pipeline spec (status.pipelineSpec), never the live Pipeline.</param>
/// <param name="Attempt">1 for the first try, +1 per retry; each attempt is its own Job.</param>
/// <param name="Params">The run's resolved parameters, defaults applied.</param>
/// <param name="BaselineModelUri">The model file of the serving version pinned at the run's start; "" for a first model.</param>
internal sealed record StageJobRequest(
    string Namespace,
    string PipelineName,
    string RunName,
    string RunUid,
    PipelineSpec Spec,
    Stage Stage,
    int Attempt,
    IReadOnlyDictionary<string, string> Params,
    StageArtifacts Artifacts,
    string? BaselineModelUri = null);
