using k8s;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Core.Monitoring;
using Sluice.Operator.Monitoring;
using Sluice.Operator.Resources;
using Sluice.Operator.Serving;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Monitoring;

/// <summary>
/// The evaluation Job of one window: the step's command line from the monitor's spec, credentials only by reference,
/// the pod security of stage pods, a deterministic name, and accepted by the API test server as built.
/// </summary>
public sealed class DriftJobBuilderTests
{
    private static readonly WindowSpan Window = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));

    private static DriftMonitorResource Monitor() => new()
    {
        Metadata = new V1ObjectMeta { Name = "cancer", NamespaceProperty = "team-a", Uid = "5d1f0c7e-2222-4e8e-9a55-2f1c3b4d5e6f" },
        Spec = new DriftMonitorSpec
        {
            Model = "cancer",
            Interval = "1h",
            Window = new DriftWindow { MinSamples = 200, MaxSamples = 50_000 },
            Defaults = new DriftDefaults { Numeric = new DriftTest { Method = "jensenshannon", Threshold = 0.2 } },
            Features =
            [
                new FeatureDriftOverride { Name = "mean_area", Method = "psi", Threshold = 0.25 },
                new FeatureDriftOverride { Name = "id", Ignore = true },
            ],
            DriftShare = 0.3,
        },
    };

    private static readonly ServingDefaults Defaults = new("ghcr.io/sluice-dev/sluice:0.1.0", "http://minio:9000", "sluice-artifacts", "s3-creds");

    private static V1Job Build() => DriftJobBuilder.Build(Monitor(), Window, new MonitorBaseline("cancer-v3", "v3", "s3://sluice-artifacts/runs/r3/validate/profile"),
        DriftSettings.From(Monitor().Spec), Defaults);

    [Fact]
    public void The_job_runs_sluice_step_drift_on_the_window_with_the_monitors_tests()
    {
        var job = Build();
        var container = job.Spec.Template.Spec.Containers.Single();
        Assert.Equal("cancer-20261207110000", job.Metadata.Name);
        Assert.Equal(
            "step drift --logs s3://sluice-artifacts --namespace team-a --model cancer --version v3 --start 2026-12-07T10:00:00Z --end 2026-12-07T11:00:00Z " +
            "--baseline s3://sluice-artifacts/runs/r3/validate/profile --report-out s3://sluice-artifacts/drift-reports/team-a/cancer/20261207110000.json " +
            "--share-threshold 0.3 --min-samples 200 --max-samples 50000 --seed 5d1f0c7e-2222-4e8e-9a55-2f1c3b4d5e6f --object-span 40s " +
            "--numeric js:0.2 --feature mean_area:psi:0.25 --ignore id",
            string.Join(' ', container.Args));
        Assert.Equal("ghcr.io/sluice-dev/sluice:0.1.0", container.Image);
        Assert.Equal("cancer", job.Metadata.Labels[MonitorNames.MonitorLabel]);
        Assert.Equal("20261207110000", job.Metadata.Labels[MonitorNames.WindowEndLabel]);
        Assert.Equal("cancer-v3", job.Metadata.Annotations[DriftJobBuilder.ModelVersionAnnotation]);
        Assert.Equal("DriftMonitor", job.Metadata.OwnerReferences.Single().Kind);
        Assert.Equal(0, job.Spec.BackoffLimit);
    }

    [Fact]
    public void The_operator_passes_credentials_only_by_reference_and_the_pod_runs_as_non_root_read_only()
    {
        var pod = Build().Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.All(container.Env.Where(e => e.Name.StartsWith("AWS_", StringComparison.Ordinal)), e =>
        {
            Assert.Null(e.Value);
            Assert.Equal("s3-creds", e.ValueFrom.SecretKeyRef.Name);
        });
        Assert.Equal("http://minio:9000", container.Env.Single(e => e.Name == "SLUICE_S3_ENDPOINT").Value);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal("Never", pod.RestartPolicy);
        Assert.Equal("512Mi", container.Resources.Limits["memory"].ToString());
    }

    [Fact]
    public async Task The_api_server_accepts_the_job_as_built()
    {
        await using var server = await TestApiServer.StartAsync();
        using var client = server.CreateClient();
        var job = Build();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        var created = await client.BatchV1.CreateNamespacedJobAsync(job, "team-a");
        Assert.Equal(job.Spec.Template.Spec.Containers[0].Args, created.Spec.Template.Spec.Containers[0].Args);
        Assert.Equal(KubernetesJson.Serialize(job.Metadata.Labels), KubernetesJson.Serialize(created.Metadata.Labels));
    }
}
