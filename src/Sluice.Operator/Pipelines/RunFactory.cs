using k8s.Models;
using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Pipelines;

/// <summary>
/// The PipelineRuns the Pipeline controller creates: owned by the Pipeline (deleting it deletes them), labelled with
/// it, and annotated so GitOps tools neither prune them nor report the Pipeline's app out of sync because of them.
/// </summary>
internal static class RunFactory
{
    public static PipelineRunResource For(PipelineResource pipeline, string name, TriggerType trigger, string source) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = pipeline.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string> { [StageLabels.Pipeline] = pipeline.Metadata.Name },
            Annotations = new Dictionary<string, string>
            {
                ["argocd.argoproj.io/compare-options"] = "IgnoreExtraneous",
                ["argocd.argoproj.io/sync-options"] = "Prune=false",
            },
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = ApiGroup.ApiVersion,
                    Kind = PipelineResource.KindName,
                    Name = pipeline.Metadata.Name,
                    Uid = pipeline.Metadata.Uid,
                    Controller = true,
                    BlockOwnerDeletion = true,
                },
            ],
        },
        Spec = new PipelineRunSpec
        {
            PipelineRef = new LocalObjectReference { Name = pipeline.Metadata.Name },
            Trigger = new RunTrigger { Type = trigger, Source = source },
        },
    };
}
