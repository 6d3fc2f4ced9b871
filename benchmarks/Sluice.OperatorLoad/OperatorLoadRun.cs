using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;
using Sluice.Testing.ApiServer;

namespace Sluice.OperatorLoad;

/// <summary>
/// Starts the API test server (Jobs succeed at once), runs <c>sluice operator</c> as its own process against it,
/// creates N PipelineRuns of a 5-stage DAG and waits for all to succeed. The load tool's own requests are
/// subtracted, so the counts are the operator's alone.
/// </summary>
internal static class OperatorLoadRun
{
    private const int Stages = 5;

    private const string Pipeline = """
        {"apiVersion":"sluice.dev/v1alpha1","kind":"Pipeline","metadata":{"name":"load"},
         "spec":{"successfulRunsHistoryLimit":100000,"stages":[
           {"name":"ingest","image":"busybox","outputs":["data"]},
           {"name":"validate","image":"busybox","dependsOn":["ingest"],"inputs":[{"name":"data","from":"ingest"}]},
           {"name":"train","image":"busybox","dependsOn":["ingest"],"inputs":[{"name":"data","from":"ingest"}],"outputs":["model"]},
           {"name":"evaluate","image":"busybox","dependsOn":["validate","train"],"inputs":[{"name":"model","from":"train"}]},
           {"name":"register","image":"busybox","dependsOn":["evaluate"]}]}}
        """;

    public static async Task<OperatorLoadResult> RunAsync(int runs, int workers, CancellationToken cancellationToken)
    {
        await using var server = await TestApiServer.StartAsync(new TestApiServerOptions
        {
            DefaultJobBehavior = JobBehavior.SucceedAfter(TimeSpan.Zero),
            HistoryLimit = 100_000,
        }, cancellationToken);
        using var client = server.CreateClient();
        var dir = Directory.CreateTempSubdirectory("sluice-load").FullName;
        try
        {
            await InstallCrdsAsync(client, cancellationToken);
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                KubernetesJson.Deserialize<object>(Pipeline), "sluice.dev", "v1alpha1", "default", "pipelines", cancellationToken: cancellationToken);
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);

            var probe = LoopbackPorts.Free();
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", kubeconfig,
                "--workers", workers.ToString(CultureInfo.InvariantCulture), "--metrics-bind-address", "0",
                "--health-probe-bind-address", $"127.0.0.1:{probe}", "--default-artifact-bucket", "load",
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var sluice = Process.Start(info) ?? throw new InvalidOperationException("sluice operator did not start");
            sluice.OutputDataReceived += (_, _) => { };
            sluice.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
            sluice.BeginOutputReadLine();
            sluice.BeginErrorReadLine();
            try
            {
                await WaitReadyAsync(probe, cancellationToken);
                server.Faults.ResetCounts();
                var own = new Dictionary<(string, string), int>();
                var serverCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var started = Stopwatch.StartNew();
                for (var i = 0; i < runs; i++)
                {
                    var run = """{"apiVersion":"sluice.dev/v1alpha1","kind":"PipelineRun","metadata":{"name":"NAME"},"spec":{"pipelineRef":{"name":"load"}}}"""
                        .Replace("NAME", string.Create(CultureInfo.InvariantCulture, $"load-{i:D5}"), StringComparison.Ordinal);
                    await client.CustomObjects.CreateNamespacedCustomObjectAsync(
                        KubernetesJson.Deserialize<object>(run), "sluice.dev", "v1alpha1", "default", "pipelineruns", cancellationToken: cancellationToken);
                }

                Add(own, ("create", "pipelineruns"), runs);
                Add(own, ("watch", "pipelineruns"), 1);
                using var sampling = new CancellationTokenSource();
                var peakTask = SamplePeakRssAsync(sluice, sampling.Token);
                await WaitAllSucceededAsync(server.Url, runs, sluice, cancellationToken);
                var operatorCpu = CpuTime(sluice.Id);
                var serverCpu = Process.GetCurrentProcess().TotalProcessorTime - serverCpuBefore;
                await sampling.CancelAsync();
                var peak = await peakTask;
                var wall = started.Elapsed;
                var operatorRequests = server.Faults.Counts
                    .Select(c => (c.Key, Count: c.Value - own.GetValueOrDefault(c.Key)))
                    .Where(c => c.Count > 0)
                    .ToDictionary(c => c.Key, c => c.Count);
                return new OperatorLoadResult(runs, Stages, wall, peak, operatorCpu, serverCpu, operatorRequests);
            }
            finally
            {
                if (!sluice.HasExited)
                {
                    sluice.Kill(entireProcessTree: true);
                    await sluice.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Sluice's CRDs from config/crd/bases, as an install applies them.</summary>
    public static async Task InstallCrdsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("config", "crd", "bases"), "*.yaml"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, cancellationToken));
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }
    }

    private static void Add(Dictionary<(string, string), int> counts, (string, string) key, int n) =>
        counts[key] = counts.GetValueOrDefault(key) + n;

    /// <summary>
    /// Watches the runs (one stream, so the load tool costs the server what one more informer costs) until
    /// <paramref name="runs"/> of them have succeeded.
    /// </summary>
    private static async Task WaitAllSucceededAsync(string url, int runs, Process sluice, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync(
            new Uri($"{url}/apis/sluice.dev/v1alpha1/namespaces/default/pipelineruns?watch=true&resourceVersion=0&timeoutSeconds=3600"),
            HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        while (succeeded.Count < runs)
        {
            var line = await reader.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"the watch ended with {succeeded.Count} of {runs} runs succeeded; operator exited: {sluice.HasExited}");
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var obj = doc.RootElement.GetProperty("object");
            if (obj.TryGetProperty("status", out var status) && status.TryGetProperty("phase", out var phase) && phase.GetString() == "Succeeded")
            {
                succeeded.Add(obj.GetProperty("metadata").GetProperty("name").GetString()!);
            }
        }
    }

    private static async Task<long> SamplePeakRssAsync(Process sluice, CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested && !sluice.HasExited)
        {
            peak = Math.Max(peak, PeakRss(sluice.Id));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return sluice.HasExited ? peak : Math.Max(peak, PeakRss(sluice.Id));
    }

    /// <summary>User plus system CPU time the process has used, from /proc (clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>The process's peak resident set (VmHWM) from /proc, in bytes.</summary>
    private static long PeakRss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task WaitReadyAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), cancellationToken)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
