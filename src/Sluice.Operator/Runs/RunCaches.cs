using k8s.Models;
using Sluice.Core.Registration;
using Sluice.Operator.Resources;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Runs;

/// <summary>The informer caches the run and pipeline controllers read from.</summary>
internal sealed record RunCaches(
    InformerGroup<PipelineResource> Pipelines,
    InformerGroup<PipelineRunResource> Runs,
    InformerGroup<V1Job> Jobs,
    InformerGroup<V1Pod> Pods,
    InformerGroup<ModelVersionResource> ModelVersions)
{
    /// <summary>The versions of <paramref name="model"/> in <paramref name="ns"/>.</summary>
    public IEnumerable<ModelVersionResource> VersionsOf(string ns, string model) =>
        ModelVersions.List().Where(v => v.Metadata.NamespaceProperty == ns && v.Spec.Model == model);

    /// <summary>The version a new run of the model must beat (<see cref="BaselineSelection"/>): the serving one, else the latest not retired.</summary>
    public ModelVersionResource? BaselineVersionOf(string ns, string model)
    {
        var versions = VersionsOf(ns, model).Where(v => v.Metadata.DeletionTimestamp is null).ToList();
        var picked = BaselineSelection.Pick(versions.Select(v => new BaselineSelection.Candidate(
            v.Metadata.Name, v.Spec.Version, v.Status?.Role, v.Metadata.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : null)));
        return picked is null ? null : versions.First(v => v.Metadata.Name == picked.Name);
    }
}
