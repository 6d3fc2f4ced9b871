using System.Net;
using k8s;
using k8s.Models;
using Sluice.Artifacts.Tests;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// Stage Jobs run for real on the API test server's process kubelet: the sluice binary behind the image, its
/// artifacts in s3rver, its failures carried into the pod's status.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class PipelineOnClusterTests
{
    [Fact]
    public async Task The_breast_cancer_run_trains_for_real_through_sluice_operator_against_s3rver()
    {
        using var s3 = S3rverProcess.Start();
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(240));

        // The platform engineer's part: the artifact bucket exists (a cluster's stages never create buckets).
        using (await Sluice.Artifacts.ArtifactStoreFactory.OpenRootAsync("s3://sluice-artifacts", new Sluice.Artifacts.S3Settings(s3.Endpoint, "S3RVER", "S3RVER", CreateBucket: true), cluster.Token) as IDisposable)
        {
        }

        await cluster.KubectlAsync("apply", "-f", "config/crd/bases");
        await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/pipelineruns.sluice.dev", "--timeout=30s");
        await cluster.KubectlAsync("create", "secret", "generic", "s3-creds", "--from-literal=AWS_ACCESS_KEY_ID=S3RVER", "--from-literal=AWS_SECRET_ACCESS_KEY=S3RVER");
        await cluster.KubectlAsync("apply", "-f", "examples/breast-cancer/pipeline.yaml");
        var dataset = Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "breast_cancer.csv");
        var run = Path.Combine(cluster.Directory, "run.yaml");
        await File.WriteAllTextAsync(run, $$"""
            apiVersion: sluice.dev/v1alpha1
            kind: PipelineRun
            metadata: {name: real}
            spec:
              pipelineRef: {name: breast-cancer}
              params:
                - {name: dataset, value: "{{dataset}}"}
            """, cluster.Token);
        await cluster.KubectlAsync("create", "-f", run);

        var probe = LoopbackPorts.Free();
        using var sluiceOperator = ChildProcess.Start("dotnet", [
            Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", cluster.Kubeconfig,
            "--metrics-bind-address", "0", "--health-probe-bind-address", $"127.0.0.1:{probe}",
            "--default-artifact-bucket", "sluice-artifacts", "--default-artifact-endpoint", s3.Endpoint, "--default-artifact-secret", "s3-creds",
        ], RepositoryRoot.Path);
        var phase = await cluster.WaitAsync(() => cluster.KubectlAsync("get", "pipelinerun", "real", "-o", "jsonpath={.status.phase}"),
            p => p.Trim() is "Succeeded" or "Failed", "finished the run");
        phase = phase.Trim();
        Assert.True(phase == "Succeeded", $"""
            the run {phase}: {await cluster.KubectlAsync("get", "pipelinerun", "real", "-o", "jsonpath={.status.conditions}")}
            {await cluster.KubectlAsync("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name}: {.status.containerStatuses[0].state}{'\\n'}{end}")}
            operator output:
            {sluiceOperator.Output}
            """);

        Assert.Matches(@"real\s+True\s+Succeeded\s+4/4", await cluster.KubectlAsync("get", "pipelineruns"));
        var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "sluice.dev/run=real", cancellationToken: cluster.Token)).Items;
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.Equal(("Succeeded", 0), (p.Status.Phase, p.Status.ContainerStatuses[0].State.Terminated.ExitCode)));
        var evaluate = pods.Single(p => p.Metadata.Labels["sluice.dev/stage"] == "evaluate").Metadata.Name;
        Assert.Matches(@"roc_auc\D+0\.9\d", await cluster.KubectlAsync("logs", evaluate));
        var results = await cluster.KubectlAsync("get", "pipelinerun", "real", "-o", "jsonpath={.status.stages[?(@.name==\"evaluate\")].results}");
        Assert.Matches(@"""roc_auc"":0\.9\d+", results);
        Assert.Contains("\"rows\":", results, StringComparison.Ordinal);
        var metrics = Directory.EnumerateFiles(s3.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => f.Contains("sluice-artifacts", StringComparison.Ordinal) && f.Contains(Path.Combine("real", "evaluate", "metrics"), StringComparison.Ordinal)).ToList();
        Assert.Contains(metrics, f => File.ReadAllText(f).Contains("roc_auc", StringComparison.Ordinal));
        Assert.Contains(Directory.EnumerateFiles(s3.DataDirectory, "*", SearchOption.AllDirectories), f => f.Contains(Path.Combine("real", "train", "model"), StringComparison.Ordinal));

        await ChildProcess.RunAsync("kill", ["-TERM", sluiceOperator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], RepositoryRoot.Path, cluster.Token);
        Assert.Equal(0, await sluiceOperator.WaitAsync(cluster.Token));
    }

    [Fact]
    public async Task A_failing_step_Job_fails_with_the_exit_code_and_the_error_as_termination_message()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(60));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "ingest" },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "stage",
                                Image = ProcessCluster.Image,
                                Args = ["step", "ingest", "--source", "/no/such/data.csv", "--target", "target"],
                                Env = [.. new[] { "TRAIN", "VALIDATION", "TEST" }.Select(o => new V1EnvVar { Name = "SLUICE_OUTPUT_" + o, Value = $"file://{cluster.Directory}/{o}" })],
                            },
                        ],
                    },
                },
            },
        }, "default", cancellationToken: cluster.Token);

        var job = await cluster.WaitAsync(() => cluster.Client.BatchV1.ReadNamespacedJobAsync("ingest", "default", cancellationToken: cluster.Token),
            j => j.Status?.Conditions?.Any(c => c.Type == "Failed") == true, "failed");

        Assert.Equal("BackoffLimitExceeded", job.Status.Conditions.Single(c => c.Type == "Failed").Reason);
        var pod = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=ingest", cancellationToken: cluster.Token)).Items.Single();
        var terminated = pod.Status.ContainerStatuses[0].State.Terminated;
        Assert.Equal("Failed", pod.Status.Phase);
        Assert.NotEqual(0, terminated.ExitCode);
        Assert.Equal("Error", terminated.Reason);
        Assert.Contains("/no/such/data.csv", terminated.Message, StringComparison.Ordinal);
        Assert.Contains("/no/such/data.csv", await cluster.KubectlAsync("logs", "job/ingest"), StringComparison.Ordinal);
    }
}
