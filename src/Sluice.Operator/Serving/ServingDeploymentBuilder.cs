using System.Globalization;
using k8s.Models;
using Sluice.Core.Durations;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Serving;

/// <summary>
/// The Deployment that serves one ModelVersion with <c>sluice serve</c>: the model file and its sha256, model and
/// version names, resources, readiness and liveness on the server's health endpoints, the stage pods' security
/// (non-root, read-only root, no capabilities), S3 credentials only through secretKeyRef, and sampled request logs
/// whose features carry the names of spec.serving.featureNames, else of the profile.
/// Owned by the ModelVersion.
/// </summary>
internal static class ServingDeploymentBuilder
{
    public const string ContainerName = "server";
    public const string PortName = "http";

    public static V1Deployment Build(ServingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = request.Version;
        var labels = Labels(version);
        return new V1Deployment
        {
            Metadata = new V1ObjectMeta
            {
                Name = ServingNames.Version(version.Metadata.Name),
                NamespaceProperty = version.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(labels),
                OwnerReferences = [Owner(version)],
            },
            Spec = new V1DeploymentSpec
            {
                Replicas = request.Replicas,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string>(labels) },
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        SecurityContext = PodSecurity.Pod(),
                        Containers = [Container(request)],
                        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        };
    }

    public static Dictionary<string, string> Labels(Resources.ModelVersionResource version) => new(StringComparer.Ordinal)
    {
        [ServingLabels.Model] = version.Spec.Model,
        [ServingLabels.Version] = version.Metadata.Name,
        [ServingLabels.Component] = ServingLabels.ComponentValue,
        [ServingLabels.ManagedBy] = ServingLabels.ManagedByValue,
    };

    public static V1OwnerReference Owner(Resources.ModelVersionResource version) => new()
    {
        ApiVersion = version.ApiVersion,
        Kind = Resources.ModelVersionResource.KindName,
        Name = version.Metadata.Name,
        Uid = version.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>How long a stopping server keeps answering; see `sluice serve --drain-seconds`.</summary>
    public const int DrainSeconds = 5;

    private static V1Container Container(ServingRequest request)
    {
        var spec = request.Version.Spec;
        var port = spec.Serving?.Port ?? 8080;
        var args = new List<string>
        {
            "serve", "--model", spec.Source.Uri, "--name", spec.Model, "--model-version", spec.Version,
            "--host", "0.0.0.0", "--port", port.ToString(CultureInfo.InvariantCulture),
            // A deleted pod is SIGTERMed while Services may still route to it; it keeps answering, not ready,
            // until the Endpoints have dropped it (well inside the default 30 s grace period).
            "--drain-seconds", DrainSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (spec.Source.Sha256 is { } sha)
        {
            args.AddRange(["--sha256", sha]);
        }

        if (spec.Serving?.Batching is { } batching)
        {
            var wait = GoDuration.TryParse(batching.MaxLatency, out var w) ? w : TimeSpan.FromMilliseconds(2);
            args.AddRange(["--max-batch-size", (batching.MaxBatchSize ?? 32).ToString(CultureInfo.InvariantCulture),
                "--max-batch-delay-ms", wait.TotalMilliseconds.ToString("R", CultureInfo.InvariantCulture)]);
        }

        if (request.RequestLogRoot is { } root && spec.Serving?.RequestLogging?.SampleRate is > 0 and var rate)
        {
            args.AddRange(["--request-log", root, "--request-log-rate", rate.ToString("R", CultureInfo.InvariantCulture),
                "--request-log-namespace", request.Version.Metadata.NamespaceProperty]);
            if (GoDuration.TryParse(spec.Serving.RequestLogging.FlushInterval, out var flush) && flush > TimeSpan.Zero)
            {
                args.AddRange(["--request-log-flush-seconds", flush.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)]);
            }

            if (spec.Serving.RequestLogging.Redact is { Count: > 0 } redact)
            {
                args.AddRange(["--redact", string.Join(',', redact)]);
            }

            // The drift monitor matches logged features to the profile by name: a model exported without names
            // (a PyTorch export logs input_0, ...) takes them from the spec, else from the profile itself.
            if (spec.Serving.FeatureNames is { Count: > 0 } names)
            {
                args.AddRange(["--feature-names", string.Join(',', names)]);
            }
            else if (spec.Profile is { } profile)
            {
                args.AddRange(["--profile", profile]);
            }
        }

        var env = ArtifactStoreEnv.For(request.S3Endpoint, request.Credentials);

        var health = new V1HTTPGetAction { Path = "/v2/health/ready", Port = PortName };
        return new V1Container
        {
            Name = ContainerName,
            Image = spec.Serving?.Image is { Length: > 0 } image ? image : request.Image,
            Args = args,
            Env = env.Count == 0 ? null : env,
            Ports = [new V1ContainerPort { Name = PortName, ContainerPort = port, Protocol = "TCP" }],
            Resources = StageJobBuilder.Resources(spec.Serving?.Resources),
            ReadinessProbe = new V1Probe { HttpGet = health, PeriodSeconds = 2, FailureThreshold = 3 },
            LivenessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = "/v2/health/live", Port = PortName },
                PeriodSeconds = 10,
                FailureThreshold = 3,
            },
            StartupProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/v2/health/live", Port = PortName }, PeriodSeconds = 2, FailureThreshold = 150 },
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };
    }
}
