using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// Canary rollouts on the process kubelet with real <c>sluice serve</c> pods and traffic through the model
/// Service's proxy, the issue's "done when": v1 serves; v2 (the shared breast_cancer_mlp_v2.onnx) walks
/// 10% → 50% → 100% under passing analysis, as <c>kubectl get mv -w</c> shows, and v1 is retired; a v3 whose model
/// file is corrupt never gets Ready and is aborted with the reason in its condition while every user still gets
/// v2's answers; a v4 that answers fast and error-free but with inverted predictions is aborted on the prediction
/// distance; a v5 with right answers, each 80 ms late, is aborted on its p99 latency.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class CanaryOnClusterTests
{
    private const string Walk = "[{setWeight: 10}, {pause: {duration: 4s}}, {setWeight: 50}, {pause: {duration: 4s}}, {setWeight: 100}]";

    private const string Strict = "{interval: 3s, minRequests: 5, failureLimit: 0}";

    [Fact]
    public async Task A_canary_walks_to_promotion_and_broken_or_wrong_candidates_are_aborted_while_users_keep_the_stable_answers()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(300));
        await using var sluice = await ServingOperator.StartAsync(cluster);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };

        await sluice.ApplyAsync(CancerVersion.Yaml("v1", "breast_cancer_mlp_v1.onnx", Walk));
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        await using var traffic = ServiceTraffic.Start(http, "cancer", token: cluster.Token);
        await cluster.WaitAsync(() => Task.FromResult(traffic.Answers), a => a.GetValueOrDefault("v1") >= 10, "answered from v1");

        // v2 walks its steps; kubectl's watch shows the WEIGHT and STEP columns change.
        using var watch = ChildProcess.Start("kubectl", ["--kubeconfig", cluster.Kubeconfig, "get", "mv", "-w"], RepositoryRoot.Path);
        await sluice.ApplyAsync(CancerVersion.Yaml("v2", "breast_cancer_mlp_v2.onnx", Walk));
        var weights = new List<int>();
        var v2 = await sluice.WaitForAsync("cancer-v2", mv =>
        {
            if (mv["status"]?["canaryWeight"] is { } w && (weights.Count == 0 || weights[^1] != (int)w))
            {
                weights.Add((int)w);
            }

            return ServingOperator.Str(mv, "status", "role") == "Stable";
        }, "promoted cancer-v2");
        var v1 = await sluice.WaitForRoleAsync("cancer-v1", "Retired");

        Assert.Equal([10, 50, 100], weights.Where(w => w is 10 or 50 or 100).Distinct());
        Assert.Equal("Serving", ServingOperator.Str(v2, "status", "phase"));
        Assert.Equal("True", ServingOperator.Str(ServingOperator.Condition(v2, "Ready")!, "status"));
        Assert.Equal("Retired", ServingOperator.Str(v1, "status", "phase"));
        var history = (v2["status"]?["analysisHistory"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        Assert.Contains(history, a => a["result"]?.ToString() == "Passed" && (long)a["requests"]! >= 5 && a["predictionDistance"] is not null);
        Assert.True(history.Count <= 10, $"kept {history.Count} checks");
        // The operator records an Event after the status write it belongs to.
        var events = await cluster.WaitAsync(() => sluice.EventsAsync("cancer-v2"),
            e => e.Any(x => x.StartsWith("Promoted:", StringComparison.Ordinal)), "the Promoted event of cancer-v2");
        Assert.Contains(events, e => e.StartsWith("RolloutStarted:", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("StepCompleted: step 1", StringComparison.Ordinal) && e.Contains("10%", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("Promoted:", StringComparison.Ordinal));
        await cluster.WaitAsync(() => cluster.KubectlAsync("get", "deployment", "cancer-v1", "-o", "jsonpath={.spec.replicas}/{.status.replicas}"),
            replicas => replicas.Trim() is "0/0" or "0/", "scaled v1 to zero");
        await cluster.WaitAsync(() => Task.FromResult(watch.Output), o => Regex.IsMatch(o, @"cancer-v2\s+cancer\s+v2\s+Stable\s"), "watched v2 become Stable");
        Assert.Matches(@"cancer-v2\s+cancer\s+v2\s+Canary\s+(Progressing|Paused)\s+10\s+\d", watch.Output);
        Assert.Matches(@"cancer-v2\s+cancer\s+v2\s+Canary\s+(Progressing|Paused)\s+50\s+\d", watch.Output);
        AssertNoFailures(traffic);

        // Once v1's pods are gone, every answer is v2's.
        await cluster.WaitAsync(async () =>
        {
            traffic.Reset();
            await Task.Delay(1000, cluster.Token);
            return traffic.Answers;
        }, a => a.Keys.SequenceEqual(["v2"]), "answered only from v2");

        // v3's model file is corrupt: its pods never become Ready, and it is aborted while v2 keeps serving.
        traffic.Reset();
        await sluice.ApplyAsync(CancerVersion.Yaml("v3", "corrupt_truncated.onnx", Walk));
        var v3 = await sluice.WaitForAsync("cancer-v3", mv => ServingOperator.Str(mv, "status", "phase") == "Aborted", "aborted cancer-v3");
        var degraded = ServingOperator.Condition(v3, "Degraded")!;
        Assert.Equal("True", ServingOperator.Str(degraded, "status"));
        Assert.Contains(ServingOperator.Str(degraded, "reason"), new[] { "CanaryUnhealthy", "ProgressDeadlineExceeded" });
        // The kubelet's word for why, carried up from the crashed container's termination message.
        Assert.Contains("is not a valid ONNX model", ServingOperator.Str(degraded, "message"), StringComparison.Ordinal);
        await cluster.WaitAsync(() => sluice.EventsAsync("cancer-v3"),
            e => e.Any(x => x.StartsWith("RolloutAborted:", StringComparison.Ordinal)), "the RolloutAborted event of cancer-v3");
        Assert.Equal("Stable", ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "role"));
        await cluster.WaitAsync(() => cluster.KubectlAsync("get", "deployment", "cancer-v3", "-o", "jsonpath={.spec.replicas}"), r => r.Trim() == "0", "scaled v3 to zero");
        Assert.Equal(["v2"], traffic.Answers.Keys);
        AssertNoFailures(traffic);

        // v4 answers fast and without errors, but says benign where v2 says malignant and the other way round.
        await sluice.ApplyAsync(CancerVersion.Yaml("v4", await CanaryModels.InvertedAsync(cluster.Directory, cluster.Token), "[{setWeight: 50}, {pause: {duration: 60s}}]", Strict));
        var v4 = await sluice.WaitForAsync("cancer-v4", mv => ServingOperator.Str(mv, "status", "phase") == "Aborted", "aborted cancer-v4");
        var wrong = ServingOperator.Condition(v4, "Degraded")!;
        Assert.Equal("AnalysisFailed", ServingOperator.Str(wrong, "reason"));
        Assert.Contains("prediction distance", ServingOperator.Str(wrong, "message"), StringComparison.Ordinal);
        Assert.Equal("predictionDistance", ServingOperator.Str(v4, "status", "lastAnalysis", "metric"));
        Assert.Equal("Stable", ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "role"));
        AssertNoFailures(traffic);

        // v5 gives the right answers, but each takes some 80 ms of matrix products that add nothing.
        await sluice.ApplyAsync(CancerVersion.Yaml("v5", await CanaryModels.SlowAsync(cluster.Directory, 400, cluster.Token), "[{setWeight: 50}, {pause: {duration: 60s}}]", Strict));
        var v5 = await sluice.WaitForAsync("cancer-v5", mv => ServingOperator.Str(mv, "status", "phase") == "Aborted", "aborted cancer-v5");
        Assert.Equal("AnalysisFailed", ServingOperator.Str(ServingOperator.Condition(v5, "Degraded")!, "reason"));
        Assert.Equal("p99Latency", ServingOperator.Str(v5, "status", "lastAnalysis", "metric"));
        Assert.Matches(@"^p99 latency \d+(\.\d)?ms vs stable \d+(\.\d)?ms: more than 1\.5x", ServingOperator.Str(ServingOperator.Condition(v5, "Degraded")!, "message"));
        Assert.Equal("Stable", ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "role"));
        AssertNoFailures(traffic);

        // The operator's metrics count what the Events said.
        var metrics = await sluice.MetricsAsync("sluice_rollout_");
        Assert.Contains("""sluice_rollout_promotions_total{namespace="default",model="cancer"} 2""", metrics);
        Assert.Contains(metrics, m => Regex.IsMatch(m, """^sluice_rollout_steps_total\{namespace="default",model="cancer"\} ([5-9]|\d\d)$"""));
        Assert.Contains(metrics, m => Regex.IsMatch(m, """^sluice_rollout_aborts_total\{namespace="default",model="cancer",reason="(CanaryUnhealthy|ProgressDeadlineExceeded)"\} 1$"""));
        Assert.Contains("""sluice_rollout_aborts_total{namespace="default",model="cancer",reason="AnalysisFailed"} 2""", metrics);
        Assert.Contains(metrics, m => Regex.IsMatch(m, """^sluice_rollout_analysis_checks_total\{namespace="default",model="cancer",verdict="Passed"\} [1-9]"""));
        Assert.Contains(metrics, m => Regex.IsMatch(m, """^sluice_rollout_analysis_duration_seconds_count\{namespace="default",model="cancer"\} [1-9]"""));
    }

    private static void AssertNoFailures(ServiceTraffic traffic) =>
        Assert.True(traffic.Failures.Count == 0, $"{traffic.Failures.Count} failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
}
