using System.Globalization;
using k8s;
using System.Text;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The ModelVersion controller on the process kubelet, with real <c>sluice serve</c> pods: a model's first version
/// goes straight to Stable and answers through the model's Service; an Immediate version replaces it and the old
/// one is retired to zero pods; a Canary version without analysis walks its steps and retires the one before.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class ModelVersionOnClusterTests
{
    private static readonly string IrisModel = new Uri(Path.Combine(RepositoryRoot.Path, "tests", "testdata", "models", "iris_mlp.onnx")).AbsoluteUri;

    private static string Version(string version, string strategy) => $$"""
        apiVersion: sluice.dev/v1alpha1
        kind: ModelVersion
        metadata: {name: iris-{{version}}}
        spec:
          model: iris
          version: {{version}}
          source: {uri: "{{IrisModel}}"}
          serving: {replicas: 1}
          rollout: {strategy: {{strategy}}}
        """;

    [Fact]
    public async Task A_first_version_serves_an_Immediate_one_replaces_it_and_a_Canary_one_rolls_out()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(180));
        await cluster.KubectlAsync("apply", "-f", "config/crd/bases");
        await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/modelversions.sluice.dev", "--timeout=30s");
        using var sluiceOperator = ChildProcess.Start("dotnet", [
            Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", cluster.Kubeconfig,
            "--metrics-bind-address", "0", "--health-probe-bind-address", $"127.0.0.1:{LoopbackPorts.Free()}",
            "--serving-image", ProcessCluster.Image,
        ], RepositoryRoot.Path);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        try
        {
            await Apply(cluster, Version("v1", "Canary"));
            await WaitForRole(cluster, "iris-v1", "Stable", sluiceOperator);
            Assert.Matches(@"iris-v1\s+iris\s+v1\s+Stable\s+Serving\s+True\s+http://iris.default.svc:80", await cluster.KubectlAsync("get", "mv"));
            Assert.Contains("\"model_version\":\"v1\"", await InferAsync(cluster, http), StringComparison.Ordinal);
            Assert.Equal("http://iris.default.svc:80", (await cluster.KubectlAsync("get", "mv", "iris-v1", "-o", "jsonpath={.status.url}")).Trim());
            await AnalysisReadsTheServingPodAsync(cluster, http);

            await Apply(cluster, Version("v2", "Immediate"));
            await WaitForRole(cluster, "iris-v2", "Stable", sluiceOperator);
            await WaitForRole(cluster, "iris-v1", "Retired", sluiceOperator);
            await cluster.WaitAsync(() => InferAsync(cluster, http), body => body.Contains("\"model_version\":\"v2\"", StringComparison.Ordinal), "answered from v2");
            await cluster.WaitAsync(() => cluster.KubectlAsync("get", "deployment", "iris-v1", "-o", "jsonpath={.spec.replicas}/{.status.replicas}"),
                replicas => replicas.Trim() is "0/0" or "0/", "scaled v1 to zero");

            await Apply(cluster, Version("v3", "Canary"));
            await WaitForRole(cluster, "iris-v3", "Stable", sluiceOperator);
            await WaitForRole(cluster, "iris-v2", "Retired", sluiceOperator);
            await cluster.WaitAsync(() => InferAsync(cluster, http), body => body.Contains("\"model_version\":\"v3\"", StringComparison.Ordinal), "answered from v3");
        }
        finally
        {
            await ChildProcess.RunAsync("kill", ["-TERM", sluiceOperator.Id.ToString(CultureInfo.InvariantCulture)], RepositoryRoot.Path, cluster.Token);
            await sluiceOperator.WaitAsync(cluster.Token);
        }
    }

    /// <summary>
    /// What canary analysis will read: the serving pod's /metrics scraped directly, twice, with 25 predictions in
    /// between; the interval's increases count exactly those requests and their predictions, and the check passes.
    /// </summary>
    private static async Task AnalysisReadsTheServingPodAsync(ProcessCluster cluster, HttpClient http)
    {
        var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "sluice.dev/version=iris-v1", cancellationToken: cluster.Token)).Items;
        using var scrapeClient = new HttpClient();
        var scraper = new Sluice.Operator.Serving.PodMetricsScraper(scrapeClient, TimeProvider.System);
        var before = await scraper.ScrapeAsync(pods, 8080, TimeSpan.FromSeconds(5), cluster.Token);
        for (var i = 0; i < 25; i++)
        {
            Assert.StartsWith("200 ", await InferAsync(cluster, http), StringComparison.Ordinal);
        }

        var after = await scraper.ScrapeAsync(pods, 8080, TimeSpan.FromSeconds(5), cluster.Token);
        var delta = Sluice.Core.Analysis.CounterDeltas.Between(before.Pods, after.Pods, before.At);
        var figures = Sluice.Core.Analysis.CanaryCheck.Measure(delta, delta);

        Assert.Empty(before.Failures);
        Assert.NotNull(after.Pods.Single().ProcessStartSeconds);
        Assert.Equal((25L, 0L, 25L), (figures.Requests, figures.Errors, figures.PredictionSamples));
        Assert.NotNull(figures.P99Seconds);
        Assert.Equal(Sluice.Core.Analysis.CheckVerdict.Passed, Sluice.Core.Analysis.CanaryCheck.Judge(figures, new Sluice.Core.Analysis.AnalysisLimits(), TimeSpan.FromMinutes(1)).Verdict);
    }

    private static async Task Apply(ProcessCluster cluster, string yaml)
    {
        var file = Path.Combine(cluster.Directory, $"mv-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, cluster.Token);
        await cluster.KubectlAsync("apply", "-f", file);
    }

    private static async Task WaitForRole(ProcessCluster cluster, string name, string role, ChildProcess sluiceOperator)
    {
        try
        {
            await cluster.WaitAsync(() => cluster.KubectlAsync("get", "mv", name, "-o", "jsonpath={.status.role}"), r => r.Trim() == role, $"made {name} {role}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{await cluster.KubectlAsync("get", "mv", name, "-o", "yaml")}\n{await cluster.KubectlAsync("get", "pods", "-o", "wide")}\noperator:\n{sluiceOperator.Output}", e);
        }
    }

    private static async Task<string> InferAsync(ProcessCluster cluster, HttpClient http)
    {
        using var content = new StringContent("""{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/namespaces/default/services/iris:http/proxy/v2/models/iris/infer", content, cluster.Token);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cluster.Token)}";
    }
}
