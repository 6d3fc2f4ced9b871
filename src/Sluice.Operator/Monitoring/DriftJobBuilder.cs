using System.Globalization;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Monitoring;
using Sluice.Operator.Resources;
using Sluice.Operator.Serving;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Monitoring;

/// <summary>
/// The Job that evaluates one window: <c>sluice step drift</c> reads the version's serving logs for the window from
/// the artifact store, compares a sample with the profile and leaves a small summary as its termination message.
/// The Job holds the S3 credentials (by secretKeyRef), the operator never does. Pure: one window, one Job, one name.
/// </summary>
internal static class DriftJobBuilder
{
    public const string Component = "drift-evaluation";
    public const string ModelVersionAnnotation = "sluice.dev/model-version";
    public const string WindowStartAnnotation = "sluice.dev/window-start";

    private static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(10);

    // Rows carry the time a request arrived, which can precede the object's first row by as long as a request takes.
    private static readonly TimeSpan ObjectSpanMargin = TimeSpan.FromSeconds(30);

    public static V1Job Build(DriftMonitorResource monitor, WindowSpan window, MonitorBaseline baseline, DriftSettings settings, ServingDefaults defaults)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MonitorNames.MonitorLabel] = monitor.Metadata.Name,
            [MonitorNames.WindowEndLabel] = MonitorNames.Stamp(window.End),
            [ServingLabels.Component] = Component,
            [StageLabels.ManagedBy] = StageLabels.ManagedByValue,
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = MonitorNames.EvaluationJob(monitor.Metadata.Name, window),
                NamespaceProperty = monitor.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    [ModelVersionAnnotation] = baseline.ModelVersion,
                    [WindowStartAnnotation] = WindowSpan.Text(window.Start),
                },
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = monitor.ApiVersion, Kind = DriftMonitorResource.KindName, Name = monitor.Metadata.Name,
                        Uid = monitor.Metadata.Uid, Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1JobSpec
            {
                // A window's evaluation is deterministic: what failed once fails again, and the next window is waiting.
                BackoffLimit = 0,
                ActiveDeadlineSeconds = (long)Math.Clamp(settings.Interval.TotalSeconds * 2, 300, 6 * 3600),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        SecurityContext = PodSecurity.Pod(),
                        Containers = [Container(monitor, window, baseline, settings, defaults)],
                        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
                    },
                },
            },
        };
    }

    /// <summary>Where the full report of a window goes.</summary>
    public static string ReportUri(string bucket, DriftMonitorResource monitor, WindowSpan window) =>
        $"s3://{bucket}/drift-reports/{monitor.Metadata.NamespaceProperty}/{monitor.Metadata.Name}/{MonitorNames.Stamp(window.End)}.json";

    private static V1Container Container(DriftMonitorResource monitor, WindowSpan window, MonitorBaseline baseline, DriftSettings settings, ServingDefaults defaults)
    {
        var spec = monitor.Spec;
        var args = new List<string>
        {
            "step", "drift",
            "--logs", defaults.RequestLogRoot!,
            "--namespace", monitor.Metadata.NamespaceProperty,
            "--model", spec.Model,
            "--version", baseline.Version,
            "--start", WindowSpan.Text(window.Start),
            "--end", WindowSpan.Text(window.End),
            "--baseline", baseline.Profile,
            "--report-out", ReportUri(defaults.Bucket!, monitor, window),
            "--share-threshold", Number(settings.DriftShare),
            "--min-samples", settings.MinSamples.ToString(CultureInfo.InvariantCulture),
            "--max-samples", settings.MaxSamples.ToString(CultureInfo.InvariantCulture),
            // The same window of the same monitor always samples the same rows.
            "--seed", monitor.Metadata.Uid ?? monitor.Metadata.Name,
            // A log object's rows span at most the servers' flush interval: older objects of the hour hold none of the window's.
            "--object-span", GoDuration.Format((baseline.FlushInterval ?? DefaultFlushInterval) + ObjectSpanMargin),
        };
        AddTest(args, "--numeric", spec.Defaults?.Numeric);
        AddTest(args, "--categorical", spec.Defaults?.Categorical);
        foreach (var f in spec.Features ?? [])
        {
            if (f.Ignore == true)
            {
                args.AddRange(["--ignore", f.Name]);
            }
            else if (f.Method is not null || f.Threshold is not null)
            {
                var method = StepMethod(f.Method ?? spec.Defaults?.Numeric?.Method ?? "ks");
                args.AddRange(["--feature", f.Threshold is { } t ? $"{f.Name}:{method}:{Number(t)}" : $"{f.Name}:{method}"]);
            }
        }

        var env = ArtifactStoreEnv.For(defaults.Endpoint, defaults.Secret is { Length: > 0 } secret ? new CredentialsSecretReference { Name = secret } : null);

        return new V1Container
        {
            Name = StageJobBuilder.ContainerName,
            Image = defaults.Image,
            Args = args,
            Env = env.Count == 0 ? null : env,
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
                // The step streams and samples: its memory does not grow with the window (benchmarks/README.md).
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
            },
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = StageJobBuilder.TmpDirectory }],
            TerminationMessagePolicy = "FallbackToLogsOnError",
            SecurityContext = PodSecurity.Container(),
        };
    }

    private static void AddTest(List<string> args, string option, DriftTest? test)
    {
        if (test is { Method.Length: > 0 })
        {
            args.AddRange([option, test.Threshold is { } t ? $"{StepMethod(test.Method)}:{Number(t)}" : StepMethod(test.Method)]);
        }
    }

    // The API spells the Jensen-Shannon distance out; the step, like `sluice drift`, calls it js.
    private static string StepMethod(string method) => method == "jensenshannon" ? "js" : method;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
