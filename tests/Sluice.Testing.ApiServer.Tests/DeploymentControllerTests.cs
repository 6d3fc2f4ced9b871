using k8s;
using k8s.Models;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class DeploymentControllerTests
{
    [Fact]
    public async Task Deployment_gets_ready_pods_with_the_mapped_ip_and_observed_generation_follows_template_changes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        server.SetDeploymentPodIp("default", "serve", "127.0.0.1");
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "serve" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "serve" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "serve" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "s", Image = "serve:1" }] },
                },
            },
        };
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default", cancellationToken: cts.Token);
        var read = await client.AppsV1.ReadNamespacedDeploymentAsync("serve", "default", cancellationToken: cts.Token);
        Assert.Equal(1, read.Status.ObservedGeneration);
        Assert.Equal(2, read.Status.ReadyReplicas);
        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=serve", cancellationToken: cts.Token);
        Assert.Equal(2, pods.Items.Count);
        Assert.All(pods.Items, p => Assert.Equal("127.0.0.1", p.Status.PodIP));

        read.Spec.Template.Spec.Containers[0].Image = "serve:2";
        await client.AppsV1.ReplaceNamespacedDeploymentAsync(read, "serve", "default", cancellationToken: cts.Token);
        read = await client.AppsV1.ReadNamespacedDeploymentAsync("serve", "default", cancellationToken: cts.Token);
        Assert.Equal(2, read.Status.ObservedGeneration);
        pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=serve", cancellationToken: cts.Token);
        Assert.All(pods.Items, p => Assert.Equal("serve:2", p.Spec.Containers[0].Image));
    }
}
