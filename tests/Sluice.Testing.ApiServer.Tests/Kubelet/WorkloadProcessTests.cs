using k8s;
using k8s.Models;

namespace Sluice.Testing.ApiServer.Tests.Kubelet;

public sealed class WorkloadProcessTests : KubeletTest
{
    private static V1Job ShellJob(string name, string script, int backoffLimit = 0, long? deadline = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            ActiveDeadlineSeconds = deadline,
            Template = new V1PodTemplateSpec { Spec = ShellPod(name, script).Spec },
        },
    };

    private async Task<V1Job> WaitJobAsync(string name)
    {
        while (true)
        {
            var job = await Client.BatchV1.ReadNamespacedJobAsync(name, "default", cancellationToken: Token);
            if (job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true)
            {
                return job;
            }

            await Task.Delay(50, Token);
        }
    }

    [Fact]
    public async Task A_Jobs_outcome_comes_from_its_process()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(ShellJob("ok", "echo done"), "default", cancellationToken: Token);
        await Client.BatchV1.CreateNamespacedJobAsync(ShellJob("broken", "echo 'no such table' > $SLUICE_TERMINATION_MESSAGE_PATH; exit 7", backoffLimit: 1), "default", cancellationToken: Token);

        var ok = await WaitJobAsync("ok");
        var broken = await WaitJobAsync("broken");

        Assert.Equal((1, "Complete"), (ok.Status.Succeeded, ok.Status.Conditions.Last().Type));
        Assert.Equal((2, "Failed", "BackoffLimitExceeded"), (broken.Status.Failed, broken.Status.Conditions.Last().Type, broken.Status.Conditions.Last().Reason));
        var pods = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=broken", cancellationToken: Token);
        Assert.Equal(2, pods.Items.Count);
        Assert.All(pods.Items, p => Assert.Equal((7, "no such table\n"), (p.Status.ContainerStatuses[0].State.Terminated.ExitCode, p.Status.ContainerStatuses[0].State.Terminated.Message)));
    }

    [Fact]
    public async Task A_Job_past_its_active_deadline_has_its_process_stopped_and_fails_with_DeadlineExceeded()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(ShellJob("slow", "trap 'exit 143' TERM; while true; do sleep 0.05; done", deadline: 1), "default", cancellationToken: Token);

        var job = await WaitJobAsync("slow");

        Assert.Equal(["FailureTarget", "Failed"], job.Status.Conditions.Select(c => c.Type));
        Assert.Equal("DeadlineExceeded", job.Status.Conditions.Last().Reason);
        var pods = await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=slow", cancellationToken: Token);
        Assert.Empty(pods.Items);
    }

    [Fact]
    public async Task A_Deployment_runs_its_replicas_and_rolls_a_new_template_out_within_surge_and_unavailability()
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                    Spec = ShellPod("x", "echo v1; while true; do sleep 0.05; done", restartPolicy: "Always").Spec,
                },
            },
        };
        await Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, "default", cancellationToken: Token);
        var first = await WaitDeploymentAsync("web", d => d.Status?.AvailableReplicas == 2 && d.Status.UpdatedReplicas == 2);
        Assert.Equal("True", first.Status.Conditions.Single(c => c.Type == "Available").Status);
        var v1 = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: Token)).Items;
        Assert.Equal(2, v1.Select(p => p.Status.PodIP).Distinct().Count());

        var seen = new List<(int Total, int Ready)>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var observer = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var pods = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: watching.Token)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
                seen.Add((pods.Count, pods.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)));
                await Task.Delay(20, watching.Token);
            }
        }, watching.Token);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\",\"command\":[\"sh\",\"-c\",\"echo v2; while true; do sleep 0.05; done\"]}]}}}}",
            V1Patch.PatchType.StrategicMergePatch), "web", "default", cancellationToken: Token);
        var rolled = await WaitDeploymentAsync("web", d => d.Status?.ObservedGeneration == 2 && d.Status.UpdatedReplicas == 2 && d.Status.Replicas == 2 && d.Status.AvailableReplicas == 2);
        await watching.CancelAsync();
        await Task.WhenAny(observer);

        Assert.Equal("NewReplicaSetAvailable", rolled.Status.Conditions.Single(c => c.Type == "Progressing").Reason);
        Assert.All(seen, s => Assert.InRange(s.Total, 2, 3));
        Assert.All(seen, s => Assert.True(s.Ready >= 2 || s.Total > s.Ready, $"ready {s.Ready} of {s.Total}: maxUnavailable 0 was broken"));
        var v2 = (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: Token)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        Assert.Equal(2, v2.Count);
        Assert.DoesNotContain(v2, p => v1.Any(o => o.Metadata.Uid == p.Metadata.Uid));

        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", "default", cancellationToken: Token);
        await WaitDeploymentAsync("web", d => d.Status?.Replicas == 1 && d.Status.AvailableReplicas == 1);
        while ((await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: Token)).Items.Count != 1)
        {
            await Task.Delay(50, Token);
        }
    }

    [Fact]
    public async Task Workloads_of_images_the_kubelet_does_not_run_stay_simulated()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "other" },
            Spec = new V1DeploymentSpec
            {
                Replicas = 2,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "other" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "other" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.27" }] },
                },
            },
        }, "default", cancellationToken: Token);
        await Client.BatchV1.CreateNamespacedJobAsync(new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "other" },
            Spec = new V1JobSpec { Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "alpine:3.20" }] } } },
        }, "default", cancellationToken: Token);

        await WaitForAsync(() => Client.BatchV1.ReadNamespacedJobAsync("other", "default", cancellationToken: Token), j => j.Status?.Succeeded == 1, "the simulated Job never succeeded");
        var deployment = await WaitDeploymentAsync("other", d => d.Status?.ReadyReplicas == 2);

        Assert.Equal(2, deployment.Status.AvailableReplicas);
        var pods = (await Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: Token)).Items;
        Assert.All(pods, p => Assert.Null(p.Spec.NodeName));
        Assert.All(pods.Where(p => p.Metadata.Labels.ContainsKey("app")), p => Assert.StartsWith("10.244.", p.Status.PodIP));
    }

    [Fact]
    public async Task A_failing_readiness_probe_keeps_the_pod_unready_and_a_failing_liveness_probe_restarts_it()
    {
        var unready = ShellPod("unready", "while true; do sleep 0.05; done", restartPolicy: "Always", c => c.ReadinessProbe = new V1Probe
        {
            TcpSocket = new V1TCPSocketAction { Port = 1 }, PeriodSeconds = 1, FailureThreshold = 1,
        });
        var dead = ShellPod("dead", "while true; do sleep 0.05; done", restartPolicy: "Always", c => c.LivenessProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Port = 1, Path = "/healthz" }, PeriodSeconds = 1, FailureThreshold = 2,
        });
        await Client.CoreV1.CreateNamespacedPodAsync(unready, "default", cancellationToken: Token);
        await Client.CoreV1.CreateNamespacedPodAsync(dead, "default", cancellationToken: Token);

        var restarted = await WaitPodAsync("dead", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.RestartCount >= 1, "was restarted by its liveness probe");
        var stillUnready = await Client.CoreV1.ReadNamespacedPodAsync("unready", "default", cancellationToken: Token);

        Assert.Equal("Running", stillUnready.Status.Phase);
        Assert.False(stillUnready.Status.ContainerStatuses[0].Ready);
        Assert.Equal(("False", "ContainersNotReady", "containers with unready status: [main]"),
            stillUnready.Status.Conditions.Where(c => c.Type == "Ready").Select(c => (c.Status, c.Reason, c.Message)).Single());
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: Token);
        Assert.Contains(events.Items, e => e.InvolvedObject.Name == "unready" && e.Reason == "Unhealthy" && e.Message.StartsWith("Readiness probe failed: dial tcp ", StringComparison.Ordinal));
        Assert.Contains(events.Items, e => e.InvolvedObject.Name == "dead" && e.Reason == "Killing" && e.Message == "Container main failed liveness probe, will be restarted");
        Assert.Equal(1, restarted.Status.ContainerStatuses[0].RestartCount);
    }

    private Task<V1Deployment> WaitDeploymentAsync(string name, Func<V1Deployment, bool> done) =>
        WaitForAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync(name, "default", cancellationToken: Token), done, $"deployment {name} never got there");
}
