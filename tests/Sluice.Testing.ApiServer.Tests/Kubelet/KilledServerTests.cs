using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

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
            while (!File.Exists($"{dir}/main.pid") || !File.Exists($"{dir}/child.pid") || new FileInfo($"{dir}/child.pid").Length == 0)
            {
                await Task.Delay(20, cts.Token);
            }

            var pids = new[] { "main", "child" }.Select(f => int.Parse(File.ReadAllText($"{dir}/{f}.pid").Trim(), CultureInfo.InvariantCulture)).ToList();
            server.Kill();
            await server.WaitForExitAsync(cts.Token);

            while (pids.Any(Alive))
            {
                // The kernel delivers the parent-death signal at once; the deadline says if it never came.
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

    private static bool Alive(int pid) =>
        Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
