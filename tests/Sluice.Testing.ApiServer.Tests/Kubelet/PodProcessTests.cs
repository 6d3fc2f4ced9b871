using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sluice.Testing.ApiServer.Tests.Kubelet;

public sealed class PodProcessTests : KubeletTest
{
    [Fact]
    public async Task A_pod_runs_as_a_process_with_the_environment_the_kubelet_builds()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "creds" },
            Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes("s3cret") },
        }, "default", cancellationToken: Token);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings" },
            Data = new Dictionary<string, string> { ["MODE"] = "fast", ["LEVEL"] = "3" },
        }, "default", cancellationToken: Token);
        var pod = ShellPod("env", "echo \"$GREETING|$TOKEN|$POD|$NS|$IP|$NODE|$CFG_MODE|$APP|$(pwd)\"", container: c =>
        {
            c.EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "settings" }, Prefix = "CFG_" }];
            c.Env =
            [
                new V1EnvVar { Name = "WHO", Value = "world" },
                new V1EnvVar { Name = "GREETING", Value = "hello $(WHO) $(UNDEFINED) $$(WHO)" },
                new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "token" } } },
                new V1EnvVar { Name = "POD", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
                new V1EnvVar { Name = "NS", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
                new V1EnvVar { Name = "IP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
                new V1EnvVar { Name = "NODE", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
                new V1EnvVar { Name = "APP", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.labels['app']" } } },
            ];
            c.WorkingDir = "/work";
            c.VolumeMounts = [new V1VolumeMount { Name = "work", MountPath = "/work" }];
        });
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "demo" };
        pod.Spec.Volumes = [new V1Volume { Name = "work", EmptyDir = new V1EmptyDirVolumeSource() }];
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: Token);

        var done = await WaitPhaseAsync("env", "Succeeded");

        var ip = done.Status.PodIP;
        Assert.StartsWith("127.", ip);
        Assert.False(ip.StartsWith("127.0.", StringComparison.Ordinal), ip);
        Assert.Equal(ip, Assert.Single(done.Status.PodIPs).Ip);
        Assert.Equal("sluice-kubelet", done.Spec.NodeName);
        var state = Assert.Single(done.Status.ContainerStatuses);
        Assert.Equal(0, state.State.Terminated.ExitCode);
        Assert.Equal("Completed", state.State.Terminated.Reason);
        Assert.Equal("False", done.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("PodCompleted", done.Status.Conditions.Single(c => c.Type == "Ready").Reason);
        var log = await ReadLogAsync("env");
        var fields = log.TrimEnd('\n').Split('|');
        Assert.Equal(["hello world $(UNDEFINED) $(WHO)", "s3cret", "env", "default", ip, "sluice-kubelet", "fast", "demo"], fields[..8]);
        Assert.EndsWith("/volumes/work", fields[8]);
    }

    [Fact]
    public async Task A_missing_secret_leaves_the_pod_pending_with_CreateContainerConfigError_until_it_exists()
    {
        var pod = ShellPod("waits", "echo $TOKEN", container: c => c.Env =
            [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "later", Key = "token" } } }]);
        await Client.CoreV1.CreateNamespacedPodAsync(pod, "default", cancellationToken: Token);

        var pending = await WaitPodAsync("waits", p => p.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "CreateContainerConfigError", "waited for its secret");

        Assert.Equal("Pending", pending.Status.Phase);
        Assert.Equal("secret \"later\" not found", pending.Status.ContainerStatuses[0].State.Waiting.Message);
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "later" },
            StringData = new Dictionary<string, string> { ["other"] = "x" },
        }, "default", cancellationToken: Token);
        var wrongKey = await WaitPodAsync("waits", p => p.Status?.ContainerStatuses?[0].State?.Waiting?.Message?.StartsWith("couldn't", StringComparison.Ordinal) == true, "reported the missing key");
        Assert.Equal("couldn't find key token in Secret default/later", wrongKey.Status.ContainerStatuses[0].State.Waiting.Message);
        await Client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("{\"stringData\":{\"token\":\"now\"}}", V1Patch.PatchType.MergePatch), "later", "default", cancellationToken: Token);
        await WaitPhaseAsync("waits", "Succeeded");
        Assert.Equal("now\n", await ReadLogAsync("waits"));
    }

    [Fact]
    public async Task A_failed_container_reports_its_exit_code_and_termination_message()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("file", "echo 'model file is corrupt' > \"$SLUICE_TERMINATION_MESSAGE_PATH\"; exit 3"), "default", cancellationToken: Token);
        // stdout and stderr are two pipes, read as lines arrive (as the kubelet's CRI log is): a pause orders them.
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("fallback", "echo first; sleep 0.3; echo 'out of disk' >&2; exit 4",
            container: c => c.TerminationMessagePolicy = "FallbackToLogsOnError"), "default", cancellationToken: Token);
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("nolog", "echo quiet; exit 5"), "default", cancellationToken: Token);

        var file = (await WaitPhaseAsync("file", "Failed")).Status.ContainerStatuses[0].State.Terminated;
        var fallback = (await WaitPhaseAsync("fallback", "Failed")).Status.ContainerStatuses[0].State.Terminated;
        var nolog = (await WaitPhaseAsync("nolog", "Failed")).Status.ContainerStatuses[0].State.Terminated;

        Assert.Equal((3, "Error", "model file is corrupt\n"), (file.ExitCode, file.Reason, file.Message));
        Assert.Equal((4, "Error", "first\nout of disk\n"), (fallback.ExitCode, fallback.Reason, fallback.Message));
        Assert.Equal((5, null), (nolog.ExitCode, nolog.Message));
    }

    [Fact]
    public async Task A_crashing_container_restarts_with_a_growing_back_off_and_keeps_its_previous_log()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("crash", "echo run at $(date +%s%N); exit 1", restartPolicy: "Always"), "default", cancellationToken: Token);

        var backingOff = await WaitPodAsync("crash", p => p.Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: >= 1 } s && s.State?.Waiting?.Reason == "CrashLoopBackOff", "backed off");

        var status = backingOff.Status.ContainerStatuses[0];
        Assert.Equal("Running", backingOff.Status.Phase);
        Assert.Matches(@"^back-off \d+s restarting failed container=main pod=crash_default\(" + backingOff.Metadata.Uid + @"\)$", status.State.Waiting.Message);
        Assert.Equal(1, status.LastState.Terminated.ExitCode);
        Assert.StartsWith("run at", await ReadLogAsync("crash"));
        var later = await WaitPodAsync("crash", p => p.Status.ContainerStatuses[0].RestartCount >= 3, "restarted three times");
        Assert.StartsWith("run at", await ReadLogAsync("crash", previous: true));
        var events = await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=crash", cancellationToken: Token);
        Assert.Contains(events.Items, e => e.Reason == "BackOff" && e.Type == "Warning" && e.Message == $"Back-off restarting failed container main in pod crash_default({later.Metadata.Uid})");
        Assert.Contains(events.Items, e => e.Reason == "Started" && e.Count >= 3);
        Assert.Contains(events.Items, e => e.Reason == "Scheduled" && e.Source.Component == "default-scheduler" && e.Message == "Successfully assigned default/crash to sluice-kubelet");
        Assert.Contains(events.Items, e => e.Reason == "Pulled" && e.Source.Component == "kubelet" && e.Source.Host == "sluice-kubelet");
    }

    [Fact]
    public async Task Deleting_a_pod_sends_SIGTERM_and_then_SIGKILL_after_the_grace_period()
    {
        var dir = Directory.CreateTempSubdirectory("kubelet-test-").FullName;
        try
        {
            await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("polite", $"trap 'echo term > {dir}/polite.term; exit 0' TERM; echo $$$$ > {dir}/polite.pid; while true; do sleep 0.05; done"), "default", cancellationToken: Token);
            var stubborn = ShellPod("stubborn", $"trap '' TERM; echo $$$$ > {dir}/stubborn.pid; while true; do sleep 0.05; done");
            stubborn.Spec.TerminationGracePeriodSeconds = 1;
            await Client.CoreV1.CreateNamespacedPodAsync(stubborn, "default", cancellationToken: Token);
            await WaitPhaseAsync("polite", "Running");
            await WaitPhaseAsync("stubborn", "Running");
            var politePid = await ReadPidAsync($"{dir}/polite.pid");
            var stubbornPid = await ReadPidAsync($"{dir}/stubborn.pid");

            var deleting = await Client.CoreV1.DeleteNamespacedPodAsync("stubborn", "default", cancellationToken: Token);
            Assert.NotNull(deleting.Metadata.DeletionTimestamp);
            Assert.Equal(1, deleting.Metadata.DeletionGracePeriodSeconds);
            await Client.CoreV1.DeleteNamespacedPodAsync("polite", "default", cancellationToken: Token);
            await WaitGoneAsync("polite");
            await WaitGoneAsync("stubborn");

            Assert.Equal("term\n", File.ReadAllText($"{dir}/polite.term"));
            Assert.False(ProcessAlive(politePid));
            Assert.False(ProcessAlive(stubbornPid));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_delete_with_a_shorter_grace_period_cuts_the_wait_short()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("slowstop", "trap '' TERM; echo trapped; while true; do sleep 0.05; done"), "default", cancellationToken: Token);
        await WaitPhaseAsync("slowstop", "Running");
        while (!(await ReadLogAsync("slowstop")).Contains("trapped", StringComparison.Ordinal))
        {
            // Until the shell has run its trap, SIGTERM would still end it.
            await Task.Delay(20, Token);
        }

        var first = await Client.CoreV1.DeleteNamespacedPodAsync("slowstop", "default", cancellationToken: Token);
        Assert.Equal(30, first.Metadata.DeletionGracePeriodSeconds);
        await Task.Delay(300, Token);

        var started = DateTimeOffset.UtcNow;
        var second = await Client.CoreV1.DeleteNamespacedPodAsync("slowstop", "default", gracePeriodSeconds: 1, cancellationToken: Token);
        Assert.Equal(1, second.Metadata.DeletionGracePeriodSeconds);
        await WaitGoneAsync("slowstop");

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10), "the shortened grace period was not honoured");
    }

    [Fact]
    public async Task Pod_logs_honour_tail_timestamps_limit_and_the_kubelets_errors()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("lines", "for i in 1 2 3 4 5; do echo line$i; done"), "default", cancellationToken: Token);
        await WaitPhaseAsync("lines", "Succeeded");

        Assert.Equal("line4\nline5\n", await ReadLogAsync("lines", tail: 2));
        Assert.Equal("line1\nli", await ReadLogAsync("lines", limitBytes: 8));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line5\n$", await ReadLogAsync("lines", tail: 1, timestamps: true));
        var previous = await Assert.ThrowsAsync<HttpOperationException>(() => ReadLogAsync("lines", previous: true));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, previous.Response.StatusCode);
        Assert.Equal("previous terminated container \"main\" in pod \"lines\" not found", System.Text.Json.Nodes.JsonNode.Parse(previous.Response.Content)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stopping_the_server_stops_every_process()
    {
        var dir = Directory.CreateTempSubdirectory("kubelet-test-").FullName;
        try
        {
            await Client.CoreV1.CreateNamespacedPodAsync(ShellPod("forever", $"sleep 300 & echo $! > {dir}/child.pid; echo $$$$ > {dir}/main.pid; wait"), "default", cancellationToken: Token);
            await WaitPhaseAsync("forever", "Running");
            var pids = new List<int> { await ReadPidAsync($"{dir}/main.pid"), await ReadPidAsync($"{dir}/child.pid") };
            Assert.All(pids, p => Assert.True(ProcessAlive(p)));

            await Server.DisposeAsync();

            Assert.All(pids, p => Assert.False(ProcessAlive(p), $"process {p} outlived the server"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<string> ReadLogAsync(string pod, int? tail = null, bool previous = false, bool timestamps = false, int? limitBytes = null)
    {
        using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default", tailLines: tail, previous: previous, timestamps: timestamps, limitBytes: limitBytes, cancellationToken: Token);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Token);
    }
}
