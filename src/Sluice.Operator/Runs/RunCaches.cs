using k8s.Models;
using Sluice.Operator.Resources;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Runs;

/// <summary>The informer caches the run and pipeline controllers read from.</summary>
internal sealed record RunCaches(
    InformerGroup<PipelineResource> Pipelines,
    InformerGroup<PipelineRunResource> Runs,
    InformerGroup<V1Job> Jobs,
    InformerGroup<V1Pod> Pods);
