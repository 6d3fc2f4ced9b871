using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The drift half of the loop for real, on the process kubelet with s3rver: the example Pipeline trains and registers
/// breast-cancer-v1, which serves with request logging; a DriftMonitor with 4-second windows sees no data, then
/// clean windows of in-distribution traffic (also across an operator killed mid-window: no window skipped or
/// doubled), then four shifted features (exactly those on top), and starts one retraining run after two drifted
/// windows; the active run and then the cooldown hold the next retrain back; both retrains are refused by their
/// gate (the same data trains the same model), which opens the circuit breaker; a malformed log object is counted,
/// not fatal; a new Stable version resets the streak; a person's reset closes the breaker.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class DriftOnClusterTests
{
    private static readonly string Dataset = Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "breast_cancer.csv");

    // Features shifted by five standard deviations of the data set: mean_radius, mean_texture, worst_area, worst_smoothness.
    private static readonly int[] Shifted = [0, 1, 23, 24];

    [Fact]
    public async Task Clean_windows_then_shifted_features_drift_and_start_one_retrain_with_every_safeguard_reported()
    {
        using var s3 = S3rverProcess.Start();
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(540));
        var settings = new S3Settings(s3.Endpoint, "S3RVER", "S3RVER", CreateBucket: true);
        var store = await ArtifactStoreFactory.OpenRootAsync("s3://sluice-artifacts", settings, cluster.Token);
        await using var sluice = await ServingOperator.StartAsync(cluster, s3.Endpoint);
        await cluster.KubectlAsync("create", "secret", "generic", "s3-creds", "--from-literal=AWS_ACCESS_KEY_ID=S3RVER", "--from-literal=AWS_SECRET_ACCESS_KEY=S3RVER");
        await sluice.ApplyAsync(Pipeline);
        await sluice.ApplyAsync("""
            apiVersion: sluice.dev/v1alpha1
            kind: PipelineRun
            metadata: {name: first}
            spec: {pipelineRef: {name: breast-cancer}}
            """);
        await sluice.WaitForAsync("breast-cancer-v1", mv => ServingOperator.Str(mv, "status", "phase") == "Serving", "served the first model", TimeSpan.FromSeconds(180));
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        // Retraining reads the data set from a server that answers after 12 s: a run stays active for a few windows.
        using var slowDataset = SlowFileServer.Start(Dataset, TimeSpan.FromSeconds(12));
        await sluice.ApplyAsync(Monitor(slowDataset.Url));

        // 1. No traffic: too few rows, which says so and decides nothing.
        var quiet = await WaitForMonitorAsync(sluice, dm => Verdict(dm) == "InsufficientData", "an InsufficientData window");
        Assert.Equal("True", ServingOperator.Str(ServingOperator.Condition(quiet, "InsufficientData")!, "status"));
        Assert.Equal("0", ServingOperator.Str(quiet, "status", "consecutiveDriftedWindows"));

        // 2. The data set's own rows: clean windows, also across an operator killed in the middle of one.
        await using var traffic = ServiceTraffic.Uniform(http, "breast-cancer", token: cluster.Token);
        var clean = await WaitForMonitorAsync(sluice, dm => Verdict(dm) == "Clean" && Rows(dm) >= 200, "a clean window");
        Assert.Equal("False", ServingOperator.Str(ServingOperator.Condition(clean, "DriftDetected")!, "status"));
        Assert.Matches(@"drift\s+breast-cancer\s+Clean\s+\d+/30\s+0\s", await cluster.KubectlAsync("get", "dm"));
        await Task.Delay(1500, cluster.Token);
        await sluice.KillAndRestartAsync();
        var watermark = DateTimeOffset.Parse(ServingOperator.Str(clean, "status", "watermark")!, CultureInfo.InvariantCulture);
        var after = await WaitForMonitorAsync(sluice, dm => Watermark(dm) >= watermark.AddSeconds(12) && Verdict(dm) == "Clean", "three more clean windows after the restart");
        var starts = (after["status"]!["history"] as JsonArray)!.Select(h => DateTimeOffset.Parse(h!["start"]!.ToString(), CultureInfo.InvariantCulture)).ToList();
        Assert.All(starts.Zip(starts.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(4), pair.Second - pair.First));
        AssertNoFailures(traffic);

        // 3. Four features shifted: exactly those drift, on top, and two drifted windows in a row start one retrain.
        var std = StandardDeviations();
        traffic.Shift = (f, v) => Shifted.Contains(f) ? v + (5 * std[f]) : v;
        var drifted = await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(ServingOperator.Condition(dm, "DriftDetected") ?? new JsonObject(), "status") == "True", "detected drift");
        var features = (drifted["status"]!["features"] as JsonArray)!.Select(f => (Name: f!["name"]!.ToString(), Drifted: (bool)f["drifted"]!)).ToList();
        var names = File.ReadLines(Dataset).First().Split(',');
        Assert.Equal(Shifted.Select(i => names[i]).Order(), features.Take(4).Select(f => f.Name).Order());
        Assert.All(features.Take(4), f => Assert.True(f.Drifted));
        Assert.All(features.Skip(4), f => Assert.False(f.Drifted, $"{f.Name} drifted"));
        Assert.Equal("4/30", ServingOperator.Str(drifted, "status", "lastEvaluation", "drifted"));
        var retrained = await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "lastRetrain", "runName") is not null, "started a retraining run");
        var run = ServingOperator.Str(retrained, "status", "lastRetrain", "runName")!;
        Assert.Matches(@"^drift-drift-\d{14}$", run);
        Assert.Equal("2", ServingOperator.Str(retrained, "status", "consecutiveDriftedWindows"));
        Assert.Equal("Drift", (await cluster.KubectlAsync("get", "plr", run, "-o", "jsonpath={.spec.trigger.type}")).Trim());
        Assert.Equal(run, (await cluster.KubectlAsync("get", "plr", "-l", "sluice.dev/drift-monitor=drift", "-o", "jsonpath={.items[*].metadata.name}")).Trim());

        // 4. While it runs, drift goes on and the next retrain is held back, with the reason in status.
        var held = await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "lastHeldBack", "reason") == "RunActive", "held a retrain back for the active run");
        var heldMessage = ServingOperator.Str(ServingOperator.Condition(held, "RetrainHeldBack")!, "message")!;
        if (!heldMessage.Contains(run, StringComparison.Ordinal))
        {
            Assert.Fail($"""
                {heldMessage}
                {held["status"]?["lastRetrain"]?.ToJsonString()}
                {await cluster.KubectlAsync("get", "plr", "-o", "wide")}
                """);
        }

        // 5. A log object of garbage in the version's partition is counted and left out, never fatal.
        var now = DateTime.UtcNow;
        var garbageLines = $"not json\n{{\"ts\":\"x\"}}\n{{\"ts\":\"{now.AddMilliseconds(500):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"model\":\"breast-cancer\",\"version\":\"v1\",\"features\":{{\"mean_r";
        await using (var garbage = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(garbageLines)))
        {
            await store.PutAsync($"serving-logs/default/breast-cancer/v1/{now:yyyy/MM/dd/HH}/{now:yyyyMMdd'T'HHmmss}000Z-deadbeef.jsonl", garbage, cluster.Token);
        }

        var counted = await WaitForMonitorAsync(sluice, dm => (long?)dm["status"]?["lastEvaluation"]?["invalidRows"] >= 3, "counted the malformed lines");
        Assert.Equal("Drifted", Verdict(counted));

        // 6. The retrain is refused by its gate (same data, same model); the cooldown then holds the next one back.
        await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "lastRetrain", "outcome") == "Refused", "saw the first retrain refused", TimeSpan.FromSeconds(150));
        await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "lastHeldBack", "reason") == "Cooldown", "held a retrain back for the cooldown");

        // 7. After the cooldown a second retrain starts, is refused too, and two refusals in a row open the circuit breaker.
        var open = await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(ServingOperator.Condition(dm, "RetrainingSuspended") ?? new JsonObject(), "status") == "True",
            "opened the circuit breaker", TimeSpan.FromSeconds(240));
        Assert.Equal("2", ServingOperator.Str(open, "status", "consecutiveRefusals"));
        await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "lastHeldBack", "reason") == "CircuitOpen", "held a retrain back on the open circuit");
        Assert.Equal(2, (await cluster.KubectlAsync("get", "plr", "-l", "sluice.dev/drift-monitor=drift", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var events = await sluice.EventsAsync("drift");
        foreach (var reason in new[] { "WindowEvaluated", "InsufficientData", "DriftDetected", "RetrainTriggered", "RetrainHeldBack", "RetrainRefused", "CircuitOpened" })
        {
            Assert.Contains(events, e => e.StartsWith(reason + ":", StringComparison.Ordinal));
        }

        var metrics = await sluice.MetricsAsync("sluice_");
        Assert.Contains(metrics, l => l.StartsWith("sluice_retrain_triggered_total{namespace=\"default\",monitor=\"drift\"} 2", StringComparison.Ordinal));
        Assert.Contains(metrics, l => l.StartsWith("sluice_retrain_suppressed_total{namespace=\"default\",monitor=\"drift\",reason=\"CircuitOpen\"}", StringComparison.Ordinal));
        Assert.Contains(metrics, l => Regex.IsMatch(l, @"^sluice_drift_share\{namespace=""default"",monitor=""drift""\} 0\.13"));

        // 8. A person's reset closes the breaker; a new Stable version is a new baseline, and the streak starts again.
        await cluster.KubectlAsync("annotate", "dm", "drift", "sluice.dev/action=reset");
        await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(ServingOperator.Condition(dm, "RetrainingSuspended")!, "status") == "False", "closed the circuit breaker");
        var v1 = await sluice.GetAsync("breast-cancer-v1");
        await sluice.ApplyAsync($$$"""
            apiVersion: sluice.dev/v1alpha1
            kind: ModelVersion
            metadata: {name: breast-cancer-v2}
            spec:
              model: breast-cancer
              version: v2
              source: {uri: "{{{v1["spec"]!["source"]!["uri"]}}}"}
              profile: "{{{v1["spec"]!["profile"]}}}"
              serving: {replicas: 1, requestLogging: {sampleRate: 1, flushInterval: 1s}}
              rollout: {strategy: Immediate}
            """);
        var rebased = await WaitForMonitorAsync(sluice, dm => ServingOperator.Str(dm, "status", "baseline", "modelVersion") == "breast-cancer-v2", "took v2 as the baseline");
        Assert.Contains(await sluice.EventsAsync("drift"), e => e.StartsWith("BaselineChanged:", StringComparison.Ordinal));
        Assert.True(int.Parse(ServingOperator.Str(rebased, "status", "consecutiveDriftedWindows")!, CultureInfo.InvariantCulture) <= 1);
    }

    private static string Monitor(string dataset) => $$"""
        apiVersion: sluice.dev/v1alpha1
        kind: DriftMonitor
        metadata: {name: drift}
        spec:
          model: breast-cancer
          interval: 4s
          window: {allowedLateness: 3s, minSamples: 200}
          driftShare: 0.1
          consecutiveWindows: 2
          retrain:
            pipelineRef: {name: breast-cancer}
            cooldown: 50s
            maxConsecutiveRefusals: 2
            params:
              - {name: dataset, value: "{{dataset}}"}
        """;

    /// <summary>The example Pipeline with request logging on its served versions and no canary steps.</summary>
    private static string Pipeline => File.ReadAllText(Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "pipeline.yaml"))
        .Replace("default: examples/breast-cancer/breast_cancer.csv", $"default: \"{Dataset}\"", StringComparison.Ordinal)
        .Replace("""
                serving:
                  replicas: 1
            """, """
                serving:
                  replicas: 1
                  requestLogging: {sampleRate: 1, flushInterval: 1s}
            """, StringComparison.Ordinal);

    private static async Task<JsonNode> WaitForMonitorAsync(ServingOperator sluice, Func<JsonNode, bool> done, string what, TimeSpan? timeout = null) =>
        await sluice.WaitForAsync("drift", done, what, timeout ?? TimeSpan.FromSeconds(60), "driftmonitors");

    private static string? Verdict(JsonNode dm) => ServingOperator.Str(dm, "status", "lastEvaluation", "verdict");

    private static long Rows(JsonNode dm) => (long?)dm["status"]?["lastEvaluation"]?["rows"] ?? 0;

    private static DateTimeOffset Watermark(JsonNode dm) =>
        ServingOperator.Str(dm, "status", "watermark") is { } w ? DateTimeOffset.Parse(w, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;

    private static float[] StandardDeviations()
    {
        var rows = File.ReadLines(Dataset).Skip(1).Select(l => l.Split(',')[..^1].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        return [.. Enumerable.Range(0, rows[0].Length).Select(f =>
        {
            var mean = rows.Average(r => r[f]);
            return (float)Math.Sqrt(rows.Average(r => (r[f] - mean) * (r[f] - mean)));
        })];
    }

    private static void AssertNoFailures(ServiceTraffic traffic) =>
        Assert.True(traffic.Failures.Count == 0, $"failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
}
