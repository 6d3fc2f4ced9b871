using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

/// <summary>
/// End to end: `sluice serve` logs requests to a real S3 server (s3rver), and `sluice drift` reads those objects.
/// </summary>
public sealed class ServeRequestLogDriftTests : IDisposable
{
    private readonly S3rverProcess _s3 = S3rverProcess.Start();
    private readonly string _download = Directory.CreateTempSubdirectory("sluice-serve-drift-").FullName;
    private Process? _serve;

    public void Dispose()
    {
        try
        {
            _serve?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (and disposed) as the test expects.
        }

        _s3.Dispose();
        Directory.Delete(_download, recursive: true);
    }

    private static string TestData(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "testdata", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/testdata/{relative} not found above {AppContext.BaseDirectory}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Serve_writes_request_logs_to_s3_that_drift_reads()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var bucket = "logs-" + Guid.NewGuid().ToString("N")[..10];
        using var store = (S3ArtifactStore)await ArtifactStoreFactory.OpenRootAsync($"s3://{bucket}/serving", _s3.Settings(), deadline.Token);
        var csv = File.ReadAllLines(TestData("datasets/breast_cancer.csv"));
        var features = csv[0].Split(',')[..30];
        var rows = csv.Skip(1).Take(120).Select(l => l.Split(',')[..30].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        var port = FreePort();

        var info = new ProcessStartInfo(RunCommand.SluiceCommand()[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            "serve", "--model", TestData("models/breast_cancer_mlp_v1.onnx"), "--name", "bc", "--model-version", "v1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--feature-names", string.Join(',', features), "--s3-endpoint", _s3.Endpoint,
            "--request-log", $"s3://{bucket}/serving", "--request-log-rate", "1", "--request-log-namespace", "ml",
            "--request-log-batch-rows", "50", "--request-log-flush-seconds", "600",
        ];
        foreach (var arg in RunCommand.SluiceCommand().Skip(1).Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = "S3RVER";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        using var serve = Process.Start(info)!;
        _serve = serve;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        serve.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        serve.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        serve.BeginOutputReadLine();
        serve.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        while (true)
        {
            Assert.False(serve.HasExited, "serve exited early: " + string.Join('\n', log));
            Assert.False(deadline.IsCancellationRequested, "serve not ready: " + string.Join('\n', log));
            try
            {
                using var ready = await client.GetAsync("/v2/health/ready", deadline.Token);
                if (ready.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, CancellationToken.None);
        }

        foreach (var chunk in rows.Chunk(6))
        {
            var body = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "input",
                    ["shape"] = new JsonArray(chunk.Length, 30),
                    ["datatype"] = "FP32",
                    ["data"] = new JsonArray(chunk.SelectMany(r => r).Select(v => (JsonNode)v).ToArray()),
                }),
            };
            using var response = await client.PostAsync("/v2/models/bc/infer", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), deadline.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Graceful shutdown: the 20 rows still buffered (120 rows, files of 50) must reach S3 too.
        // SIGTERM, as Kubernetes sends it.
        using (var kill = Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(deadline.Token);
        }

        await serve.WaitForExitAsync(deadline.Token);
        var output = string.Join('\n', log);
        Assert.True(serve.ExitCode == 0, output);
        Assert.Contains("stopping: flushing request logs", output, StringComparison.Ordinal);

        var keys = new List<string>();
        await foreach (var stored in store.ListAsync("serving-logs/", deadline.Token))
        {
            keys.Add(stored.Key);
            var local = Path.Combine(_download, stored.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await using var source = await store.GetAsync(stored.Key, deadline.Token);
            await using var target = File.Create(local);
            await source.CopyToAsync(target, deadline.Token);
        }

        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.StartsWith("serving-logs/ml/bc/v1/", k, StringComparison.Ordinal));

        using var driftOut = new StringWriter();
        using var driftErr = new StringWriter();
        var code = await new DriftCommand().RunAsync(
            ["--reference", TestData("datasets/breast_cancer.csv"), "--current", Path.Combine(_download, "serving-logs"),
                "--feature", "mean_radius", "--feature", "worst_area", "--json"],
            new CommandContext(driftOut, driftErr, TimeProvider.System, Environment.CurrentDirectory), deadline.Token);

        Assert.True(code is ExitCodes.Success or ExitCodes.DriftDetected, $"drift exited {code}: {driftErr}");
        var report = JsonNode.Parse(driftOut.ToString())!;
        var results = report["features"]!.AsArray();
        Assert.Equal(["mean_radius", "worst_area"], results.Select(f => f!["name"]!.GetValue<string>()));
        Assert.All(results, f => Assert.Equal(120, f!["currentCount"]!.GetValue<long>()));
        Assert.All(results, f => Assert.Equal(569, f!["referenceCount"]!.GetValue<long>()));
    }
}
