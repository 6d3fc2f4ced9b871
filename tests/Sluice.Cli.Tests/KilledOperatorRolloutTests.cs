using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The operator SIGKILLed at random points of its working life during a canary rollout (mid-pass, mid-check,
/// mid-promotion) and started again, while a
/// third of its status writes fail (so passes also stop between a Deployment write and the status write that
/// records it), on the process kubelet with real <c>sluice serve</c>
/// pods and traffic: the rollout still walks every step in order to promotion, the pods serving each step's split; each version has
/// exactly one Deployment and the pods it asks for; users never get a failed request.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class KilledOperatorRolloutTests
{
    private static string Version(string version, string file) =>
        CancerVersion.Yaml(version, file, "[{setWeight: 10}, {pause: {duration: 2s}}, {setWeight: 50}, {pause: {duration: 2s}}, {setWeight: 100}, {pause: {duration: 1s}}]");

    [Fact]
    public async Task A_rollout_whose_operator_is_killed_at_random_points_converges_without_a_duplicate_or_a_lost_step()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(240));
        await using var sluice = await ServingOperator.StartAsync(cluster);
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        await sluice.ApplyAsync(Version("v1", "breast_cancer_mlp_v1.onnx"));
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        await using var traffic = ServiceTraffic.Start(http, "cancer", token: cluster.Token);

        await sluice.ApplyAsync(Version("v2", "breast_cancer_mlp_v2.onnx"));
        // Every state the API server stores, in order: a watch sees each write, whoever made it.
        using var watch = ChildProcess.Start("kubectl", ["--kubeconfig", cluster.Kubeconfig, "get", "mv", "cancer-v2", "-w", "-o",
            "jsonpath={.status.currentStepIndex}{\" \"}{.status.role}{\"\\n\"}"], RepositoryRoot.Path);
        using var pods = ChildProcess.Start("kubectl", ["--kubeconfig", cluster.Kubeconfig, "get", "deployments", "-l", "sluice.dev/model=cancer", "-w", "-o",
            "jsonpath={.metadata.name}{\" \"}{.status.readyReplicas}{\"\\n\"}"], RepositoryRoot.Path);
        var random = new Random(20261207);
        var kills = 0;
        // A third of the status writes fail too, so passes also stop between the Deployment write and the status
        // write that records it, not only where a kill happens to land.
        using var faults = cluster.Server.Faults.Add(new FaultRule("update", "modelversions/status", 500, 0.33));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(150);
        while (ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "role") != "Stable")
        {
            Assert.True(DateTime.UtcNow < deadline, $"cancer-v2 not promoted after {kills} kills:\n{watch.Output}\n{await cluster.KubectlAsync("get", "mv")}\n{await cluster.KubectlAsync("get", "pods", "-o", "wide")}\n{await cluster.KubectlAsync("get", "deploy")}\n{sluice.Output}");
            // Some time into the new operator's working life: from mid-startup work to a few analysis intervals.
            await Task.Delay(random.Next(300, 4500), cluster.Token);
            await sluice.KillAndRestartAsync();
            kills++;
        }

        faults.Dispose();
        await sluice.WaitForRoleAsync("cancer-v1", "Retired");
        Assert.True(kills >= 3, $"only {kills} kills during the rollout");
        await cluster.WaitAsync(() => Task.FromResult(watch.Output), o => o.Contains(" Stable", StringComparison.Ordinal), "watched the promotion");
        var steps = watch.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).Where(s => s.Length > 0).Select(int.Parse).ToList();
        // Never back, and past the last step. A pass goes through every step already done, so a status write can
        // cover two (a pause whose time is up and a weight the pods already give); the pods show each was served.
        Assert.All(steps.Zip(steps.Skip(1)), p => Assert.True(p.Second >= p.First, $"step {p.First} then {p.Second}: {string.Join(",", steps)}"));
        Assert.Equal(6, steps[^1]);
        // Ready pods (canary, stable) as they changed: each setWeight's split (10%: 1+2, 50%: 1+1, 100%: 2+0) in order.
        var ready = new Dictionary<string, int>();
        var splits = new List<(int, int)>();
        foreach (var line in pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            ready[parts[0]] = parts.Length > 1 && parts[1].Length > 0 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
            splits.Add((ready.GetValueOrDefault("cancer-v2"), ready.GetValueOrDefault("cancer-v1")));
        }

        var expected = new Queue<(int, int)>([(1, 2), (1, 1), (2, 0)]);
        foreach (var split in splits)
        {
            if (expected.Count > 0 && split == expected.Peek())
            {
                expected.Dequeue();
            }
        }

        Assert.True(expected.Count == 0, $"never served the split {expected.FirstOrDefault()}: {string.Join(" ", splits)}");
        Assert.Equal("deployment.apps/cancer-v1\ndeployment.apps/cancer-v2",
            (await cluster.KubectlAsync("get", "deployments", "-l", "sluice.dev/model=cancer", "-o", "name")).Trim());
        await cluster.WaitAsync(async () => (await cluster.KubectlAsync("get", "pods", "-l", "sluice.dev/model=cancer", "-o", "jsonpath={.items[*].metadata.labels.sluice\\.dev/version}")).Trim(),
            versions => versions == "cancer-v2 cancer-v2", "two cancer-v2 pods and no other");
        Assert.True(traffic.Failures.Count == 0, $"{traffic.Failures.Count} failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
    }
}
