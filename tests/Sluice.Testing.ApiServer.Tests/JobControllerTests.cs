using k8s;
using k8s.Models;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class JobControllerTests
{
    private static V1Job Job(string name, int backoffLimit = 6, long? deadline = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = backoffLimit,
            ActiveDeadlineSeconds = deadline,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = "sluice:test" }] },
            },
        },
    };

    private static async Task<V1Job> WaitFinishedAsync(Kubernetes client, string name, CancellationToken ct)
    {
        while (true)
        {
            var job = await client.BatchV1.ReadNamespacedJobAsync(name, "default", cancellationToken: ct);
            if (job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true)
            {
                return job;
            }
            await Task.Delay(50, ct);
        }
    }

    [Theory]
    [InlineData(JobOutcome.Succeed, "Complete", null, "Succeeded", 0)]
    [InlineData(JobOutcome.Fail, "Failed", "BackoffLimitExceeded", "Failed", 3)]
    [InlineData(JobOutcome.OOMKilled, "Failed", "BackoffLimitExceeded", "Failed", 137)]
    public async Task Job_pods_run_to_the_scripted_end(JobOutcome outcome, string condition, string? reason, string podPhase, int exitCode)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        server.ScriptJob("default", "train", new JobBehavior(outcome, TimeSpan.FromMilliseconds(50), 3, "model did not converge", "epoch 1\n"));
        await client.BatchV1.CreateNamespacedJobAsync(Job("train", backoffLimit: 1), "default", cancellationToken: cts.Token);

        var job = await WaitFinishedAsync(client, "train", cts.Token);
        var cond = job.Status.Conditions.Single(c => c.Type == condition);
        Assert.Equal(reason ?? "CompletionsReached", cond.Reason);
        var pods = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=train", cancellationToken: cts.Token);
        Assert.All(pods.Items, p => Assert.Equal(podPhase, p.Status.Phase));
        Assert.All(pods.Items, p => Assert.Equal(exitCode, p.Status.ContainerStatuses[0].State.Terminated.ExitCode));
        Assert.Equal(outcome == JobOutcome.Succeed ? 1 : 2, pods.Items.Count);
        Assert.Equal(outcome == JobOutcome.Succeed ? 1 : null, job.Status.Succeeded);
        if (outcome == JobOutcome.Fail)
        {
            Assert.Equal(2, job.Status.Failed);
            Assert.Equal("model did not converge", pods.Items[0].Status.ContainerStatuses[0].State.Terminated.Message);
        }
        using var log = await client.CoreV1.ReadNamespacedPodLogAsync(pods.Items[0].Metadata.Name, "default", cancellationToken: cts.Token);
        Assert.Equal("epoch 1\n", await new StreamReader(log).ReadToEndAsync(cts.Token));
    }

    [Theory]
    [InlineData(JobOutcome.ImagePullBackOff)]
    [InlineData(JobOutcome.Unschedulable)]
    public async Task Pods_that_never_start_stay_pending_until_the_deadline(JobOutcome outcome)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        server.ScriptJob("default", "stuck", new JobBehavior(outcome, TimeSpan.Zero));
        // Long enough that a poll on a busy machine still sees the pod before the deadline removes it.
        await client.BatchV1.CreateNamespacedJobAsync(Job("stuck", deadline: 4), "default", cancellationToken: cts.Token);
        // As on a real cluster, a pod is created Pending and the scheduler or the kubelet records why it stays so
        // in a later write: wait for that write, not only for the phase.
        string? reason = null;
        while (reason is null)
        {
            var pods = await client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cts.Token);
            var pending = pods.Items.FirstOrDefault(p => p.Status?.Phase == "Pending");
            reason = outcome == JobOutcome.Unschedulable
                ? pending?.Status.Conditions?.SingleOrDefault(c => c.Type == "PodScheduled")?.Reason
                : pending?.Status.ContainerStatuses?.FirstOrDefault()?.State?.Waiting?.Reason;
            await Task.Delay(20, cts.Token);
        }
        Assert.Equal(outcome == JobOutcome.Unschedulable ? "Unschedulable" : "ImagePullBackOff", reason);
        var job = await WaitFinishedAsync(client, "stuck", cts.Token);
        Assert.Equal("DeadlineExceeded", job.Status.Conditions.Single(c => c.Type == "Failed").Reason);
    }

    [Fact]
    public async Task Deleting_a_job_with_background_propagation_deletes_its_pods()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        await client.BatchV1.CreateNamespacedJobAsync(Job("j"), "default", cancellationToken: cts.Token);
        await WaitFinishedAsync(client, "j", cts.Token);
        await client.BatchV1.DeleteNamespacedJobAsync("j", "default", propagationPolicy: "Background", cancellationToken: cts.Token);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cts.Token)).Items);
    }
}
