using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Validation;

namespace Sluice.Operator.Stages;

/// <summary>
/// Writes the Job of one stage attempt. Pure: the same request always gives the same Job, so the controller can
/// create it "only if absent" under its deterministic name and a restarted operator never makes a second one.
/// </summary>
internal static class StageJobBuilder
{
    public const string ContainerName = "stage";
    public const string WorkDirectory = "/work";
    public const string TmpDirectory = "/tmp";

    /// <summary>uid/gid 65532, the "nonroot" user of distroless and chainguard images.</summary>
    public const long NonRootId = PodSecurity.NonRootId;

    public static V1Job Build(StageJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Attempt, 1, nameof(request.Attempt));
        var stage = request.Stage;
        var labels = Labels(request);
        var podTemplate = request.Spec.PodTemplate;

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = JobNames.For(request.RunName, stage.Name, request.Attempt),
                NamespaceProperty = request.Namespace,
                Labels = labels,
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = ApiGroup.ApiVersion, Kind = "PipelineRun", Name = request.RunName, Uid = request.RunUid,
                        Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1JobSpec
            {
                // One Job is one attempt: retries are new Jobs, so the attempt number and backoff stay ours.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = DeadlineSeconds(stage),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = string.IsNullOrWhiteSpace(request.Spec.ServiceAccountName) ? null : request.Spec.ServiceAccountName,
                        NodeSelector = podTemplate?.NodeSelector is { } selector ? new Dictionary<string, string>(selector) : null,
                        Tolerations = podTemplate?.Tolerations?.Select(Toleration).ToList(),
                        Affinity = Affinity(podTemplate),
                        SecurityContext = PodSecurity.Pod(),
                        Containers = [Container(request)],
                        Volumes =
                        [
                            new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() },
                            new V1Volume { Name = "work", EmptyDir = new V1EmptyDirVolumeSource() },
                        ],
                    },
                },
            },
        };
    }

    private static Dictionary<string, string> Labels(StageJobRequest request) => new(StringComparer.Ordinal)
    {
        [StageLabels.Pipeline] = request.PipelineName,
        [StageLabels.Run] = request.RunName,
        [StageLabels.Stage] = request.Stage.Name,
        [StageLabels.Attempt] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        [StageLabels.ManagedBy] = StageLabels.ManagedByValue,
    };

    private static V1Container Container(StageJobRequest request)
    {
        var stage = request.Stage;
        return new V1Container
        {
            Name = ContainerName,
            Image = stage.Image,
            Command = Substitute(stage.Command, request.Params),
            Args = Substitute(stage.Args, request.Params),
            Env = StageEnvironment.Build(request),
            EnvFrom = StageEnvironment.EnvFrom(stage.EnvFrom),
            Resources = Resources(stage.Resources),
            WorkingDir = WorkDirectory,
            VolumeMounts =
            [
                new V1VolumeMount { Name = "tmp", MountPath = TmpDirectory },
                new V1VolumeMount { Name = "work", MountPath = WorkDirectory },
            ],
            // A stage that writes no termination message still gets its log tail into the failure cause.
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };
    }

    private static List<string>? Substitute(List<string>? values, IReadOnlyDictionary<string, string> parameters) =>
        values is null || values.Count == 0 ? null : values.Select(v => ParamReferences.Substitute(v, parameters)).ToList();

    /// <summary>The stage timeout in whole seconds, rounded up so a "1500ms" timeout never becomes 1 s.</summary>
    private static long? DeadlineSeconds(Stage stage)
    {
        if (string.IsNullOrWhiteSpace(stage.Timeout))
        {
            return null;
        }

        if (!GoDuration.TryParse(stage.Timeout, out var timeout))
        {
            throw new InvalidOperationException(
                $"stage \"{stage.Name}\": timeout \"{stage.Timeout}\" is not {GoDuration.Expected}; fix spec.stages[].timeout");
        }

        // "0" means no limit, as an empty timeout does; Kubernetes rejects activeDeadlineSeconds 0.
        return timeout <= TimeSpan.Zero ? null : (long)Math.Ceiling(timeout.TotalSeconds);
    }

    internal static V1ResourceRequirements? Resources(ResourceRequirements? resources) => resources is null
        ? null
        : new V1ResourceRequirements
        {
            Requests = Quantities(resources.Requests),
            Limits = Quantities(resources.Limits),
        };

    private static Dictionary<string, ResourceQuantity>? Quantities(Dictionary<string, string>? values) =>
        values?.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value), StringComparer.Ordinal);

    private static V1Toleration Toleration(Toleration t) => new()
    {
        Key = t.Key, OperatorProperty = t.Operator, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds,
    };

    private static V1Affinity? Affinity(PodTemplate? podTemplate)
    {
        if (podTemplate?.Affinity is not { } affinity || affinity.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Affinity>(affinity.GetRawText());
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"spec.podTemplate.affinity is not a Kubernetes core/v1 Affinity: {e.Message}", e);
        }
    }
}
