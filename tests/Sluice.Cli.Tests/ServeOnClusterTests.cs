using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using Sluice.Testing.ApiServer;
using k8s.Models;

namespace Sluice.Cli.Tests;

/// <summary>
/// `sluice serve` as a Deployment on the API test server's process kubelet: real processes, one loopback IP per
/// pod, readiness from the probe, traffic through the Service proxy as `kubectl proxy` users send it.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class ServeOnClusterTests
{
    private static readonly string IrisModel = Path.Combine(RepositoryRoot.Path, "tests", "testdata", "models", "iris_mlp.onnx");

    private static V1Deployment ServeDeployment(string name, int replicas, string model) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "server",
                            Image = ProcessCluster.Image,
                            Args = ["serve", "--model", model, "--name", "iris", "--host", "0.0.0.0", "--port", "8080"],
                            Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
                            ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/v2/health/ready", Port = "http" }, PeriodSeconds = 1 },
                        },
                    ],
                },
            },
        },
    };

    [Fact]
    public async Task Two_replicas_serve_predictions_through_the_Service_proxy_and_scaling_down_stops_one_gracefully()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(90));
        var client = cluster.Client;
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "iris" },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["app"] = "iris" },
                Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }],
            },
        }, "default", cancellationToken: cluster.Token);
        await client.AppsV1.CreateNamespacedDeploymentAsync(ServeDeployment("iris", 2, IrisModel), "default", cancellationToken: cluster.Token);

        await cluster.WaitAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync("iris", "default", cancellationToken: cluster.Token),
            d => d.Status?.ReadyReplicas == 2 && d.Status.AvailableReplicas == 2, "had two ready replicas");

        var pods = (await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=iris", cancellationToken: cluster.Token)).Items;
        Assert.Equal(2, pods.Count);
        Assert.Equal(2, pods.Select(p => p.Status.PodIP).Distinct().Count());
        Assert.All(pods, p => Assert.True(p.Status.ContainerStatuses[0].Ready));
        var wide = await cluster.KubectlAsync("get", "pods", "-o", "wide");
        Assert.All(pods, p => Assert.Matches($@"{p.Metadata.Name}\s+1/1\s+Running\s+0\s+\S+\s+{Regex.Escape(p.Status.PodIP)}\s+sluice-kubelet\s+<none>\s+<none>", wide));
        Assert.Contains("serving iris on", await cluster.KubectlAsync("logs", pods[0].Metadata.Name), StringComparison.Ordinal);
        var endpoints = await client.CoreV1.ReadNamespacedEndpointsAsync("iris", "default", cancellationToken: cluster.Token);
        Assert.Equal(pods.Select(p => p.Status.PodIP).Order(), endpoints.Subsets.Single().Addresses.Select(a => a.Ip).Order());

        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; i < 40; i++)
        {
            using var response = await http.PostAsync("/api/v1/namespaces/default/services/iris:http/proxy/v2/models/iris/infer", Infer(), cluster.Token);
            var body = await response.Content.ReadAsStringAsync(cluster.Token);
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal("iris", JsonNode.Parse(body)!["model_name"]!.GetValue<string>());
        }

        foreach (var pod in pods)
        {
            var metrics = await http.GetStringAsync($"/api/v1/namespaces/default/pods/{pod.Metadata.Name}:8080/proxy/metrics", cluster.Token);
            var served = Regex.Matches(metrics, @"^sluice_serving_requests_total\{[^}]*code=""200""[^}]*\} (\d+)", RegexOptions.Multiline).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.True(served > 0, $"pod {pod.Metadata.Name} got none of the 40 requests:\n{metrics}");
        }

        var started = DateTimeOffset.UtcNow;
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "iris", "default", cancellationToken: cluster.Token);
        var left = await cluster.WaitAsync(() => client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=iris", cancellationToken: cluster.Token),
            l => l.Items.Count == 1, "went down to one pod");

        // The grace period is 30 s: going within a few means the process ended on SIGTERM, not on the SIGKILL after it.
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(15), "the removed replica did not stop on SIGTERM");
        await cluster.WaitAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync("iris", "default", cancellationToken: cluster.Token),
            e => e.Subsets?.SingleOrDefault()?.Addresses?.Count == 1, "dropped the stopped pod from the Endpoints");
        using var after = await http.PostAsync("/api/v1/namespaces/default/services/iris:http/proxy/v2/models/iris/infer", Infer(), cluster.Token);
        Assert.True(after.IsSuccessStatusCode);
        Assert.Equal(left.Items[0].Status.PodIP, (await client.CoreV1.ReadNamespacedEndpointsAsync("iris", "default", cancellationToken: cluster.Token)).Subsets[0].Addresses[0].Ip);
    }

    [Fact]
    public async Task A_replica_whose_readiness_fails_leaves_the_Endpoints_and_a_crashing_one_backs_off()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(60));
        var client = cluster.Client;
        var notReady = ServeDeployment("unready", 1, IrisModel);
        notReady.Spec.Template.Spec.Containers[0].ReadinessProbe.HttpGet.Path = "/v2/models/no-such-model/ready";
        await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "unready" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "unready" }, Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = "http" }] },
        }, "default", cancellationToken: cluster.Token);
        await client.AppsV1.CreateNamespacedDeploymentAsync(notReady, "default", cancellationToken: cluster.Token);
        await client.AppsV1.CreateNamespacedDeploymentAsync(ServeDeployment("broken", 1, "/no/such/model.onnx"), "default", cancellationToken: cluster.Token);

        var crashing = await cluster.WaitAsync(() => client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=broken", cancellationToken: cluster.Token),
            l => l.Items.SingleOrDefault()?.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "CrashLoopBackOff", "went into CrashLoopBackOff");
        var unready = await cluster.WaitAsync(() => client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=unready", cancellationToken: cluster.Token),
            l => l.Items.SingleOrDefault()?.Status?.Phase == "Running", "ran the unready replica");
        var endpoints = await cluster.WaitAsync(() => client.CoreV1.ReadNamespacedEndpointsAsync("unready", "default", cancellationToken: cluster.Token),
            e => e.Subsets?.SingleOrDefault()?.NotReadyAddresses?.Count == 1, "listed the unready pod as not ready");

        var last = crashing.Items[0].Status.ContainerStatuses[0].LastState.Terminated;
        Assert.Equal(1, last.ExitCode);
        Assert.Contains("/no/such/model.onnx", last.Message, StringComparison.Ordinal);
        Assert.Null(endpoints.Subsets[0].Addresses);
        Assert.False(unready.Items[0].Status.ContainerStatuses[0].Ready);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.PostAsync("/api/v1/namespaces/default/services/unready:http/proxy/v2/models/iris/infer", Infer(), cluster.Token);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // The pod leaves CrashLoopBackOff each time its back-off ends and it runs again, so on a busy machine one
        // listing may catch it between two crashes: wait for kubectl to show the state, as a user would.
        await cluster.WaitAsync(() => cluster.KubectlAsync("get", "pods", "-l", "app=broken"),
            table => System.Text.RegularExpressions.Regex.IsMatch(table, @"broken-\S+\s+0/1\s+CrashLoopBackOff\s+\d+"), "showed CrashLoopBackOff in kubectl get pods");
    }

    private static StringContent Infer() => new(
        """{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", Encoding.UTF8, "application/json");
}
