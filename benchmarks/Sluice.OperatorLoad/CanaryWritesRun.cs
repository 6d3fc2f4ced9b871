using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s;
using k8s.Models;
using Sluice.Testing.ApiServer;
using Sluice.Testing.ApiServer.Kubelet;

namespace Sluice.OperatorLoad;

/// <summary>
/// API writes of the ModelVersion controller per canary step: the API test server with the process kubelet (real
/// <c>sluice serve</c> pods), <c>sluice operator</c> as its own process, v1 Stable, then three rollouts to promotion:
/// 6 steps (setWeight and a timed pause, three times) and 12 steps, both with an analysis interval longer than the
/// rollout, so their difference is what 6 more steps cost; and 6 steps with a check every second, the writes a check
/// adds. Counted by the test server, by verb and resource, from each version's create to its promotion; the tool's
/// own requests are not counted.
/// </summary>
internal static class CanaryWritesRun
{

    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete"];

    public static async Task<CanaryWritesResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var server = await TestApiServer.StartAsync(new TestApiServerOptions
        {
            RunImages = [ImageMapping.Parse($"ghcr.io/sluice-dev/sluice={Path.Combine(AppContext.BaseDirectory, "sluice")}")],
        }, cancellationToken);
        using var client = server.CreateClient();
        var dir = Directory.CreateTempSubdirectory("sluice-canary-load").FullName;
        try
        {
            await OperatorLoadRun.InstallCrdsAsync(client, cancellationToken);
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);
            var probe = LoopbackPorts.Free();
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", kubeconfig, "--metrics-bind-address", "0",
                "--health-probe-bind-address", $"127.0.0.1:{probe}", "--serving-image", "ghcr.io/sluice-dev/sluice:0.1.0",
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var sluice = Process.Start(info) ?? throw new InvalidOperationException("sluice operator did not start");
            sluice.OutputDataReceived += (_, _) => { };
            sluice.ErrorDataReceived += (_, _) => { };
            sluice.BeginOutputReadLine();
            sluice.BeginErrorReadLine();
            try
            {
                await OperatorLoadRun.WaitReadyAsync(probe, cancellationToken);
                await CreateAsync(client, Version("v1", "1h", 3), cancellationToken);
                await WaitRoleAsync(client, "bench-v1", "Stable", cancellationToken);
                // The Event of v1's promotion follows its status write: let it land before counting starts.
                await Task.Delay(1000, cancellationToken);
                var six = await RolloutAsync(server, client, "v2", "bench-v1", "1h", 3, cancellationToken);
                var twelve = await RolloutAsync(server, client, "v3", "bench-v2", "1h", 6, cancellationToken);
                var checks = await RolloutAsync(server, client, "v4", "bench-v3", "1s", 3, cancellationToken);
                return new CanaryWritesResult(six.Writes, twelve.Writes, checks.Writes, checks.Checks);
            }
            finally
            {
                sluice.Kill(entireProcessTree: true);
                await sluice.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>One rollout from create to promotion: the operator's writes by verb and resource, and the checks it made.</summary>
    private static async Task<(IReadOnlyDictionary<(string, string), int> Writes, int Checks)> RolloutAsync(TestApiServer server, IKubernetes client, string version,
        string stable, string interval, int pairs, CancellationToken cancellationToken)
    {
        server.Faults.ResetCounts();
        await CreateAsync(client, Version(version, interval, pairs), cancellationToken);
        var promoted = await WaitRoleAsync(client, $"bench-{version}", "Stable", cancellationToken);
        await WaitRoleAsync(client, stable, "Retired", cancellationToken);
        await Task.Delay(1000, cancellationToken);
        var writes = server.Faults.Counts.Where(c => WriteVerbs.Contains(c.Key.Verb)).ToDictionary(c => c.Key, c => c.Value);
        // The tool's own create of the version.
        writes[("create", "modelversions")] -= 1;
        var checks = promoted.TryGetProperty("status", out var status) && status.TryGetProperty("analysisHistory", out var history) ? history.GetArrayLength() : 0;
        return (writes.Where(w => w.Value > 0).ToDictionary(w => w.Key, w => w.Value), checks);
    }

    /// <summary>
    /// A version of 4 replicas whose rollout is <paramref name="pairs"/> (3 or 6) times a setWeight and a 2 s pause,
    /// each weight one that changes the pods (with the surge pod, 4 replicas give 20, 25, 40, 50, 60 and 75%).
    /// </summary>
    private static string Version(string version, string interval, int pairs)
    {
        int[] weights = pairs == 3 ? [25, 50, 75] : [20, 25, 40, 50, 60, 75];
        var steps = string.Join(",", weights.Select(w => $"{{\"setWeight\":{w.ToString(CultureInfo.InvariantCulture)}}},{{\"pause\":{{\"duration\":\"2s\"}}}}"));
        var uri = new Uri(RepositoryRoot.Combine("tests", "testdata", "models", "breast_cancer_mlp_v1.onnx")).AbsoluteUri;
        return "{\"apiVersion\":\"sluice.dev/v1alpha1\",\"kind\":\"ModelVersion\",\"metadata\":{\"name\":\"bench-" + version + "\"},"
            + "\"spec\":{\"model\":\"bench\",\"version\":\"" + version + "\",\"source\":{\"uri\":\"" + uri + "\"},\"serving\":{\"replicas\":4},"
            + "\"rollout\":{\"strategy\":\"Canary\",\"progressDeadline\":\"2m\","
            + "\"steps\":[" + steps + "],"
            + "\"analysis\":{\"interval\":\"" + interval + "\",\"noDataPolicy\":\"Pass\"}}}}";
    }

    private static Task CreateAsync(IKubernetes client, string json, CancellationToken cancellationToken) =>
        client.CustomObjects.CreateNamespacedCustomObjectAsync(KubernetesJson.Deserialize<object>(json), "sluice.dev", "v1alpha1", "default", "modelversions",
            cancellationToken: cancellationToken);

    private static async Task<JsonElement> WaitRoleAsync(IKubernetes client, string name, string role, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var mv = await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>("sluice.dev", "v1alpha1", "default", "modelversions", name,
                    cancellationToken: cancellationToken);
                if (mv.TryGetProperty("status", out var status) && status.TryGetProperty("role", out var r) && r.GetString() == role)
                {
                    return mv;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
