using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// `sluice operator` against a <see cref="ProcessCluster"/> with the CRDs applied and the test image as the serving
/// image, plus what ModelVersion tests do with it: apply YAML, read a ModelVersion, wait for a state and, on a
/// timeout, say what the ModelVersion, its pods and the operator last showed. Disposing stops the operator.
/// </summary>
internal sealed class ServingOperator : IAsyncDisposable
{
    private readonly ProcessCluster cluster;
    private ChildProcess process;

    private readonly int metricsPort;

    private readonly string? s3Endpoint;

    private ServingOperator(ProcessCluster cluster, ChildProcess process, int metricsPort, string? s3Endpoint)
    {
        this.cluster = cluster;
        this.process = process;
        this.metricsPort = metricsPort;
        this.s3Endpoint = s3Endpoint;
    }

    private readonly System.Text.StringBuilder earlier = new();

    /// <summary>What the operator printed, of every process it ran as (each restart starts a new one).</summary>
    public string Output => earlier + process.Output;

    /// <param name="s3Endpoint">An S3 server for artifacts and request logs (bucket sluice-artifacts, Secret s3-creds); none when null.</param>
    public static async Task<ServingOperator> StartAsync(ProcessCluster cluster, string? s3Endpoint = null)
    {
        await cluster.KubectlAsync("apply", "-f", "config/crd/bases");
        await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/modelversions.sluice.dev", "crd/driftmonitors.sluice.dev", "--timeout=30s");
        var metricsPort = LoopbackPorts.Free();
        return new ServingOperator(cluster, Launch(cluster, metricsPort, s3Endpoint), metricsPort, s3Endpoint);
    }

    /// <summary>
    /// Kills the operator with SIGKILL, wherever it is in a pass, as a node failure does, and starts a new one; returns
    /// once the new one reports ready (its informers synced), so the caller's next kill lands in its working life.
    /// </summary>
    public async Task KillAndRestartAsync()
    {
        await ChildProcess.RunAsync("kill", ["-KILL", process.Id.ToString(CultureInfo.InvariantCulture)], RepositoryRoot.Path, cluster.Token);
        await process.WaitAsync(cluster.Token);
        earlier.Append(process.Output).AppendLine(CultureInfo.InvariantCulture, $"--- killed at {DateTime.UtcNow:HH:mm:ss.fff}, restarted");
        process.Dispose();
        var health = LoopbackPorts.Free();
        process = Launch(cluster, metricsPort, s3Endpoint, health);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{health}/readyz"), cluster.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline && !cluster.Token.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"the restarted operator was not ready within 60 s:\n{process.Output}");
            }

            await Task.Delay(100, cluster.Token);
        }
    }

    private static ChildProcess Launch(ProcessCluster cluster, int metricsPort, string? s3Endpoint, int? health = null) => ChildProcess.Start("dotnet", [
        Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", cluster.Kubeconfig,
        "--metrics-bind-address", $"127.0.0.1:{metricsPort}", "--health-probe-bind-address", $"127.0.0.1:{health ?? LoopbackPorts.Free()}",
        "--serving-image", ProcessCluster.Image,
        .. s3Endpoint is null ? Array.Empty<string>()
            : ["--default-artifact-bucket", "sluice-artifacts", "--default-artifact-endpoint", s3Endpoint, "--default-artifact-secret", "s3-creds"],
    ], RepositoryRoot.Path);

    public async Task ApplyAsync(string yaml)
    {
        var file = Path.Combine(cluster.Directory, $"mv-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, yaml, cluster.Token);
        await cluster.KubectlAsync("apply", "-f", file);
    }

    /// <summary>The operator's own /metrics, the lines of the series whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> MetricsAsync(string prefix)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), cluster.Token);
        return [.. text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>Runs a <c>sluice</c> command against the cluster, as a person would, and returns what it printed.</summary>
    public async Task<string> SluiceAsync(params string[] args)
    {
        var (code, output) = await ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "sluice.dll"), .. args, "--kubeconfig", cluster.Kubeconfig],
            RepositoryRoot.Path, cluster.Token);
        Assert.True(code == 0, $"sluice {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    /// <summary>The ModelVersion (or another sluice.dev kind) as the API server has it, read through the client (cheaper than kubectl for polling).</summary>
    public async Task<JsonNode> GetAsync(string name, string plural = "modelversions")
    {
        var item = await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync("sluice.dev", "v1alpha1", "default", plural, name, cancellationToken: cluster.Token);
        return JsonNode.Parse(KubernetesJson.Serialize(item))!;
    }

    /// <summary>
    /// Polls the ModelVersion until <paramref name="done"/> accepts it. The wait has its own deadline, well inside the
    /// cluster's, so what the ModelVersion, its pods and the operator showed can still be read and reported.
    /// </summary>
    public async Task<JsonNode> WaitForAsync(string name, Func<JsonNode, bool> done, string what, TimeSpan? timeout = null, string plural = "modelversions")
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await GetAsync(name, plural);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Not created yet (by a run, by the operator).
                await Task.Delay(100, cluster.Token);
                continue;
            }

            if (done(last))
            {
                return last;
            }

            await Task.Delay(100, cluster.Token);
        }

        throw new TimeoutException($"""
            never {what}; last seen:
            {last?["status"]?.ToJsonString()}
            {await cluster.KubectlAsync("get", "mv")}
            {await cluster.KubectlAsync("get", plural == "modelversions" ? "pods" : "jobs,pods,plr", "-o", "wide")}
            operator:
            {Output}
            """);
    }

    public Task<JsonNode> WaitForRoleAsync(string name, string role) =>
        WaitForAsync(name, mv => Str(mv, "status", "role") == role, $"made {name} {role}");

    /// <summary>The Events recorded for one object, as "Reason: message" lines.</summary>
    public async Task<IReadOnlyList<string>> EventsAsync(string name)
    {
        var events = await cluster.Client.CoreV1.ListNamespacedEventAsync("default", cancellationToken: cluster.Token);
        return events.Items.Where(e => e.InvolvedObject?.Name == name).OrderBy(e => e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp).Select(e => $"{e.Reason}: {e.Message}").ToList();
    }

    public static string? Str(JsonNode node, params string[] path)
    {
        JsonNode? at = node;
        foreach (var key in path)
        {
            at = at?[key];
        }

        return at?.ToString();
    }

    public static JsonObject? Condition(JsonNode mv, string type) =>
        (mv["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);

    public async ValueTask DisposeAsync()
    {
        // Its own deadline: the cluster's may be what just ran out, and the operator must stop all the same.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await ChildProcess.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], RepositoryRoot.Path, deadline.Token);
            await process.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // WaitAsync killed it.
        }
        finally
        {
            process.Dispose();
        }
    }
}
