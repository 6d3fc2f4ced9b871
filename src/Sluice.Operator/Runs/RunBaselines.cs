using Sluice.Core.Api;
using Sluice.Operator.Resources;

namespace Sluice.Operator.Runs;

/// <summary>A serving ModelVersion as a run pins it: enough to evaluate against it and to notice it changed.</summary>
internal static class RunBaselines
{
    public static RunBaseline? Of(ModelVersionResource? serving) => serving is null ? null : new RunBaseline
    {
        ModelVersion = serving.Metadata.Name,
        Uid = serving.Metadata.Uid,
        Version = serving.Spec.Version,
        Uri = serving.Spec.Source.Uri,
        Sha256 = serving.Spec.Source.Sha256,
    };
}
