using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Sluice.Core.Api;
using Sluice.Manifests.Crds;
using Sluice.Operator.Stages;
using Sluice.Testing.ApiServer;
using Sluice.Testing.ApiServer.Controllers;

namespace Sluice.Operator.Tests.Stages;

/// <summary>The built Job against the Kubernetes API test server: accepted, run, its failure read back, and collected with its run.</summary>
public sealed class StageJobApiServerTests
{
    [Fact]
    public async Task Built_job_runs_reports_its_failure_and_goes_with_its_pipeline_run()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cts.Token;
        await using var server = await TestApiServer.StartAsync(ct: ct);
        using var client = server.CreateClient();
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(JsonSerializer.Serialize(new CrdGenerator().Generate(typeof(PipelineRun))));
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: ct);
        var run = (JsonElement)await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new Dictionary<string, object>
            {
                ["apiVersion"] = ApiGroup.ApiVersion, ["kind"] = "PipelineRun",
                ["metadata"] = new Dictionary<string, object> { ["name"] = "churn-x7k2p" },
                ["spec"] = new Dictionary<string, object> { ["pipelineRef"] = new Dictionary<string, object> { ["name"] = "churn" } },
            },
            ApiGroup.Group, ApiGroup.Version, "default", "pipelineruns", cancellationToken: ct);
        var uid = run.GetProperty("metadata").GetProperty("uid").GetString()!;

        var stage = new Stage { Name = "train", Image = "ghcr.io/acme/train:1", Args = ["--epochs=$(params.epochs)"], Outputs = ["model.onnx"], Timeout = "10m" };
        var request = new StageJobRequest("default", "churn", "churn-x7k2p", uid, new PipelineSpec { Stages = [stage] }, stage, 1,
            new Dictionary<string, string> { ["epochs"] = "3" },
            StageArtifacts.Resolve(null, "http://minio:9000", "ml", "s3-creds", "default", "churn", "churn-x7k2p"));
        var built = StageJobBuilder.Build(request);
        server.ScriptJob("default", built.Metadata.Name, new JobBehavior(JobOutcome.Fail, TimeSpan.FromMilliseconds(50), ExitCode: 3,
            Message: "epoch 3\nValueError: column 'age' missing", Log: "epoch 1\n"));

        await client.BatchV1.CreateNamespacedJobAsync(built, "default", cancellationToken: ct);
        var job = await WaitAsync(async () =>
        {
            var j = await client.BatchV1.ReadNamespacedJobAsync(built.Metadata.Name, "default", cancellationToken: ct);
            return j.Status?.Conditions?.Any(c => c.Type == "Failed" && c.Status == "True") == true ? j : null;
        }, ct);

        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "sluice.dev/run=churn-x7k2p,sluice.dev/stage=train,sluice.dev/attempt=1", cancellationToken: ct);
        var pod = Assert.Single(pods.Items);
        var env = pod.Spec.Containers[0].Env.ToDictionary(e => e.Name);
        Assert.Equal("s3://ml/default/churn/churn-x7k2p/train/model.onnx", env["SLUICE_OUTPUT_MODEL_ONNX"].Value);
        Assert.Equal("s3-creds", env["AWS_SECRET_ACCESS_KEY"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal(["--epochs=3"], pod.Spec.Containers[0].Args);
        Assert.Equal(600, job.Spec.ActiveDeadlineSeconds);

        var cause = StageFailureCause.Find(job, pods.Items);
        Assert.Equal("Error", cause!.Reason);
        Assert.Contains("exited with code 3", cause.Message, StringComparison.Ordinal);
        Assert.Contains("column 'age' missing", cause.Message, StringComparison.Ordinal);

        await client.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Group, ApiGroup.Version, "default", "pipelineruns", "churn-x7k2p",
            new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: ct);
        await WaitAsync(async () =>
        {
            try
            {
                await client.BatchV1.ReadNamespacedJobAsync(built.Metadata.Name, "default", cancellationToken: ct);
                return null;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return "collected";
            }
        }, ct);
    }

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, CancellationToken ct)
        where T : class
    {
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(25, ct);
        }
    }
}
