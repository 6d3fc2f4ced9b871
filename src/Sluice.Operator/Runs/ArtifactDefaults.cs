using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>The operator's --default-artifact-* settings, used when a Pipeline names no artifact repository.</summary>
internal sealed record ArtifactDefaults(string? Endpoint, string? Bucket, string? Secret)
{
    public StageArtifacts Resolve(ArtifactRepository? repository, PipelineRunResource run) => StageArtifacts.Resolve(
        repository, Endpoint, Bucket, Secret, run.Metadata.NamespaceProperty, run.Spec.PipelineRef.Name, run.Metadata.Name);
}
