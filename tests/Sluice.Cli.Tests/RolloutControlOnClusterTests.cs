using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// What a person does with a rollout, on the process kubelet with real <c>sluice serve</c> pods and traffic through
/// the model Service: a <c>pause</c> step without a duration waits for <c>sluice resume</c>; a canary that gets no
/// traffic pauses (noDataPolicy Wait) instead of being promoted or reverted, and goes on once traffic returns; a
/// newer version supersedes a canary; <c>sluice abort</c> sends everything back to Stable; <c>sluice promote</c> on a
/// retired version rolls back to it at once; <c>sluice retry</c> starts an aborted rollout again. Users never get a
/// failed request along the way.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class RolloutControlOnClusterTests
{
    private const string Gate = "[{setWeight: 50}, {pause: {}}]";

    [Fact]
    public async Task A_person_resumes_aborts_rolls_back_and_retries_and_a_canary_without_traffic_waits()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(300));
        await using var sluice = await ServingOperator.StartAsync(cluster);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        await sluice.ApplyAsync(CancerVersion.Yaml("v1", "breast_cancer_mlp_v1.onnx", Gate));
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        await using var traffic = ServiceTraffic.Start(http, "cancer", token: cluster.Token);

        // v2 stops at its gate until a person resumes it; then, with no traffic, it waits rather than decide.
        await sluice.ApplyAsync(CancerVersion.Yaml("v2", "breast_cancer_mlp_v2.onnx", "[{setWeight: 50}, {pause: {}}, {pause: {duration: 30s}}, {setWeight: 100}]"));
        var gated = await sluice.WaitForAsync("cancer-v2", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused cancer-v2 at its gate");
        Assert.Equal(("Paused", "50"), (ServingOperator.Str(gated, "status", "phase"), ServingOperator.Str(gated, "status", "canaryWeight")));
        traffic.Hold();
        Assert.Contains("cancer-v2", await sluice.SluiceAsync("resume", "cancer-v2"), StringComparison.Ordinal);
        var starved = await sluice.WaitForAsync("cancer-v2", mv => ServingOperator.Str(mv, "status", "pausedReason") == "InsufficientTraffic", "paused cancer-v2 for want of traffic");
        Assert.Equal(("Paused", "Canary"), (ServingOperator.Str(starved, "status", "phase"), ServingOperator.Str(starved, "status", "role")));
        Assert.Equal("Stable", ServingOperator.Str(await sluice.GetAsync("cancer-v1"), "status", "role"));
        traffic.Resume();
        await sluice.WaitForAsync("cancer-v2", mv => ServingOperator.Str(mv, "status", "pausedReason") is null && ServingOperator.Str(mv, "status", "role") == "Canary",
            "resumed cancer-v2 once traffic came back");
        await sluice.WaitForRoleAsync("cancer-v2", "Stable");
        await sluice.WaitForRoleAsync("cancer-v1", "Retired");
        var events = await cluster.WaitAsync(() => sluice.EventsAsync("cancer-v2"), e => e.Any(x => x.StartsWith("Promoted:", StringComparison.Ordinal)), "the Promoted event of cancer-v2");
        Assert.Contains(events, e => e.StartsWith("RolloutResumed: resumed by hand", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("InsufficientTraffic:", StringComparison.Ordinal));
        Assert.Contains(events, e => e.StartsWith("RolloutResumed: traffic is back", StringComparison.Ordinal));

        // v3 waits at its gate; v4 arrives and supersedes it; a person aborts v4.
        await sluice.ApplyAsync(CancerVersion.Yaml("v3", "breast_cancer_mlp_v1.onnx", Gate));
        await sluice.WaitForAsync("cancer-v3", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused cancer-v3 at its gate");
        await sluice.ApplyAsync(CancerVersion.Yaml("v4", "breast_cancer_mlp_v1.onnx", Gate));
        var superseded = await sluice.WaitForRoleAsync("cancer-v3", "Retired");
        Assert.Equal("Superseded", ServingOperator.Str(ServingOperator.Condition(superseded, "Ready")!, "reason"));
        await sluice.WaitForAsync("cancer-v4", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused cancer-v4 at its gate");
        await sluice.SluiceAsync("abort", "cancer-v4");
        var aborted = await sluice.WaitForAsync("cancer-v4", mv => ServingOperator.Str(mv, "status", "phase") == "Aborted", "aborted cancer-v4 by hand");
        Assert.Equal("AbortedByUser", ServingOperator.Str(ServingOperator.Condition(aborted, "Degraded")!, "reason"));
        Assert.Equal("Stable", ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "role"));
        await cluster.WaitAsync(() => cluster.KubectlAsync("get", "deployment", "cancer-v4", "-o", "jsonpath={.spec.replicas}"), r => r.Trim() == "0", "scaled v4 to zero");

        // Rollback: promoting the retired v1 makes it Stable at once, skipping the steps.
        await sluice.SluiceAsync("promote", "cancer-v1");
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        await sluice.WaitForRoleAsync("cancer-v2", "Retired");
        await cluster.WaitAsync(() => sluice.EventsAsync("cancer-v1"), e => e.Any(x => x.StartsWith("RolledBack:", StringComparison.Ordinal)), "the RolledBack event of cancer-v1");
        await cluster.WaitAsync(async () =>
        {
            traffic.Reset();
            await Task.Delay(1000, cluster.Token);
            return traffic.Answers;
        }, a => a.Keys.SequenceEqual(["v1"]), "answered only from v1");

        // Retry starts the aborted v4 again from its first step, against v1 now.
        await sluice.SluiceAsync("retry", "cancer-v4");
        var retried = await sluice.WaitForAsync("cancer-v4", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused the retried cancer-v4 at its gate");
        Assert.Equal(("Canary", "50"), (ServingOperator.Str(retried, "status", "role"), ServingOperator.Str(retried, "status", "canaryWeight")));
        await sluice.SluiceAsync("promote", "cancer-v4");
        await sluice.WaitForRoleAsync("cancer-v4", "Stable");
        await sluice.WaitForRoleAsync("cancer-v1", "Retired");
        Assert.True(traffic.Failures.Count == 0, $"{traffic.Failures.Count} failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
    }

    [Fact]
    public async Task Deleting_a_canary_drains_its_traffic_before_its_servers_go()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(180));
        await using var sluice = await ServingOperator.StartAsync(cluster);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        await sluice.ApplyAsync(CancerVersion.Yaml("v1", "breast_cancer_mlp_v1.onnx", Gate));
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        await using var traffic = ServiceTraffic.Start(http, "cancer", token: cluster.Token);
        await sluice.ApplyAsync(CancerVersion.Yaml("v2", "breast_cancer_mlp_v2.onnx", Gate));
        var gated = await sluice.WaitForAsync("cancer-v2", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused cancer-v2 at its gate");
        Assert.Contains("sluice.dev/drain-traffic", gated["metadata"]!["finalizers"]!.AsArray().Select(f => f!.ToString()));
        await cluster.WaitAsync(() => Task.FromResult(traffic.Answers), a => a.GetValueOrDefault("v2") >= 5, "answered from the canary");

        // v1 runs one pod at 50%; deleting v2 brings v1 back to two Ready pods before v2's pod goes.
        await cluster.KubectlAsync("delete", "mv", "cancer-v2", "--wait=false");
        await cluster.WaitAsync(async () => (await cluster.KubectlAsync("get", "mv", "-o", "name")).Trim(), names => names == "modelversion.sluice.dev/cancer-v1", "cancer-v2 gone");
        Assert.Contains(await sluice.EventsAsync("cancer-v2"), e => e.StartsWith("Drained: cancer-v2 drained", StringComparison.Ordinal));
        Assert.Equal("2", (await cluster.KubectlAsync("get", "deployment", "cancer-v1", "-o", "jsonpath={.status.readyReplicas}")).Trim());
        traffic.Reset();
        await cluster.WaitAsync(async () =>
        {
            traffic.Reset();
            await Task.Delay(1000, cluster.Token);
            return traffic.Answers;
        }, a => a.Keys.SequenceEqual(["v1"]), "answered only from v1");
        Assert.True(traffic.Failures.Count == 0, $"{traffic.Failures.Count} failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
    }
}
