using Sluice.Core.Api;
using Sluice.Core.Gate;

namespace Sluice.Core.Registration;

/// <summary>
/// The ModelVersion a passed gate registers: the model file with its sha256, the training profile, the metrics that
/// were compared, lineage back to the run and the version it was compared with, and the Pipeline's serving and
/// rollout templates. It carries no owner: a serving model must outlive the pruning of its run's history.
/// </summary>
public static class ModelVersionDraft
{
    public static ModelVersion Build(ModelRegistration model, RegistrationSource source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        var artifact = source.Artifact(model.Artifact)
            ?? throw new InvalidOperationException($"stage {model.Artifact.From} has no output {model.Artifact.Name}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegistrationLabels.Model] = model.Name,
            [RegistrationLabels.Pipeline] = source.Pipeline,
            [RegistrationLabels.Run] = source.Run,
        };
        var annotations = source.RunUid is { } uid ? new Dictionary<string, string>(StringComparer.Ordinal) { [RegistrationLabels.RunUid] = uid } : null;
        return new ModelVersion
        {
            Metadata = new ResourceMetadata { Name = source.Name, Namespace = source.Namespace, Labels = labels, Annotations = annotations },
            Spec = new ModelVersionSpec
            {
                Model = model.Name,
                Version = source.Version,
                Source = new ModelSource { Uri = artifact.Uri, Format = "onnx", Sha256 = artifact.Sha256 },
                Profile = model.Profile is { } profile ? source.Artifact(profile)?.Uri : null,
                Metrics = RunGate.CandidateMetrics(model, source.Stages) is { Count: > 0 } metrics
                    ? metrics.ToDictionary(m => m.Key, m => GateEvaluator.F(m.Value), StringComparer.Ordinal)
                    : null,
                Lineage = new Lineage
                {
                    PipelineRun = source.Run,
                    DatasetDigest = model.Dataset is { } dataset && source.Artifact(dataset)?.Sha256 is { } digest ? $"sha256:{digest}" : null,
                    PreviousVersion = source.Baseline?.ModelVersion,
                },
                Serving = model.Serving,
                Rollout = model.Rollout,
            },
        };
    }
}
