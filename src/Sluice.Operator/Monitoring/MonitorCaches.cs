using k8s.Models;
using Sluice.Operator.Resources;
using Sluice.Runtime.Informers;

namespace Sluice.Operator.Monitoring;

/// <summary>What the DriftMonitor controller reads: monitors, their evaluation Jobs and pods, and (shared) runs, Pipelines and ModelVersions.</summary>
internal sealed record MonitorCaches(
    InformerGroup<DriftMonitorResource> Monitors,
    InformerGroup<V1Job> Jobs,
    InformerGroup<V1Pod> Pods,
    InformerGroup<PipelineRunResource> Runs,
    InformerGroup<PipelineResource> Pipelines,
    InformerGroup<ModelVersionResource> ModelVersions)
{
    /// <summary>Selects the evaluation Jobs and pods of every monitor.</summary>
    public const string Selector = Core.Monitoring.MonitorNames.MonitorLabel;
}
