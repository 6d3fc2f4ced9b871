using k8s.Models;
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

    /// <summary>The model's serving version: the one whose status.role is Stable (the oldest, should two claim it).</summary>
    public ModelVersionResource? ServingVersionOf(string ns, string model) =>
        VersionsOf(ns, model).Where(v => v.Status?.Role == Core.Api.ModelRole.Stable && v.Metadata.DeletionTimestamp is null)
            .OrderBy(v => v.Metadata.CreationTimestamp).ThenBy(v => v.Metadata.Name, StringComparer.Ordinal).FirstOrDefault();
}
