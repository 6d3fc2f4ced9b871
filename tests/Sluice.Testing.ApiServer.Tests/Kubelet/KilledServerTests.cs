using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using Sluice.Testing.ApiServer.Kubelet;

namespace Sluice.Testing.ApiServer.Tests.Kubelet;

public sealed class KilledServerTests
{
    [Fact]
    public async Task A_standalone_server_killed_with_SIGKILL_takes_its_pod_processes_with_it()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var dir = Directory.CreateTempSubdirectory("kubelet-killed-").FullName;
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        var port = LoopbackPorts.Free();
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Sluice.Testing.ApiServer"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--kubeconfig", kubeconfig, "--run-image", "busybox=/bin/sh" })
        {
            info.ArgumentList.Add(arg);
        }

        using var server = Process.Start(info)!;
        try
        {
            Assert.StartsWith("http://127.0.0.1:", await server.StandardOutput.ReadLineAsync(cts.Token));
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = "sleeper" },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox", Command = ["sh", "-c", $"sleep 300 & echo $! > {dir}/child.pid; echo $$$$ > {dir}/main.pid; wait"] }] },
            }, "default", cancellationToken: cts.Token);
            var pids = new List<int>();
            foreach (var file in new[] { "main", "child" })
            {
                // The shell creates the file before it writes the line.
                while (!File.Exists($"{dir}/{file}.pid") || !File.ReadAllText($"{dir}/{file}.pid").EndsWith('\n'))
                {
                    await Task.Delay(20, cts.Token);
                }

                pids.Add(int.Parse(File.ReadAllText($"{dir}/{file}.pid").Trim(), CultureInfo.InvariantCulture));
            }

            server.Kill();
            await server.WaitForExitAsync(cts.Token);

            var until = DateTime.UtcNow.AddSeconds(20);
            while (pids.Any(Alive))
            {
                // The kernel delivers the parent-death signal at once; the deadline says if it never came.
                Assert.True(DateTime.UtcNow < until, "still alive after the server was killed: " + string.Join("; ", pids.Where(Alive).Select(p => File.ReadAllText($"/proc/{p}/stat").Trim())));
                await Task.Delay(20, cts.Token);
            }
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_starting_kubelet_kills_what_a_killed_servers_reaper_left_and_removes_its_files()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var info = new ProcessStartInfo("/usr/bin/setsid", ["sleep", "300"]) { RedirectStandardOutput = true };
        using var orphan = Process.Start(info)!;
        var dead = Enumerable.Range(0, 1000).Select(i => 4_194_000 + i).First(p => !Directory.Exists($"/proc/{p}"));
        var stale = Path.Combine(Path.GetTempPath(), "sluice-kubelet", $"{dead}-stale");
        Directory.CreateDirectory(Path.Combine(stale, ProcessLauncher.GroupsDirectoryName));
        await File.WriteAllTextAsync(Path.Combine(stale, ProcessLauncher.GroupsDirectoryName, orphan.Id.ToString(CultureInfo.InvariantCulture)), "", cts.Token);
        try
        {
            await using var server = await TestApiServer.StartAsync(new TestApiServerOptions { RunImages = [ImageMapping.Parse("busybox=/bin/sh")] }, cts.Token);

            await orphan.WaitForExitAsync(cts.Token);
            Assert.False(Directory.Exists(stale));
        }
        finally
        {
            if (!orphan.HasExited)
            {
                orphan.Kill();
            }
        }
    }

    private static bool Alive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
