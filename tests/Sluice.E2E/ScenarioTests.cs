using System.Text.Json.Nodes;

namespace Sluice.E2E;

/// <summary>
/// The example scenarios against a real cluster with Sluice installed (hack/quickstart.sh makes one with k3d).
/// Without one, every test is skipped and says why.
/// </summary>
public sealed class ScenarioTests
{
    private static readonly string OperatorNamespace =
        Environment.GetEnvironmentVariable("SLUICE_E2E_OPERATOR_NAMESPACE") is { Length: > 0 } ns ? ns : "sluice-system";

    private static string Example => Path.Combine(Cluster.RepoRoot, "examples", "breast-cancer");

    [ClusterFact]
    public void Operator_deployment_is_available()
    {
        var deployments = Cluster.Kubectl(TimeSpan.FromSeconds(30), "get", "deployments", "-n", OperatorNamespace,
            "-l", "app.kubernetes.io/component=operator", "-o", "json");
        Assert.True(deployments.ExitCode == 0, deployments.Output);
        var items = JsonNode.Parse(deployments.Output)!["items"]!.AsArray();
        Assert.True(items.Count > 0, $"no operator Deployment in namespace {OperatorNamespace} (set SLUICE_E2E_OPERATOR_NAMESPACE)");
        Assert.All(items, d => Assert.True((int?)d!["status"]?["availableReplicas"] >= 1, $"operator not available: {d!["status"]}"));
    }

    [ClusterFact]
    public async Task Invalid_pipeline_is_not_ready_and_names_the_field()
    {
        using var ns = new TestNamespace("invalid");
        ns.Apply("""
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata:
              name: broken
            spec:
              stages:
                - name: train
                  image: busybox
                  command: [sh, -c, "true"]
                  dependsOn: [ingets]
            """, isFile: false);
        var pipeline = await Wait.ForAsync(ns.Name, "pipelines.sluice.dev", "broken",
            p => Wait.Condition(p, "Ready") == "False", TimeSpan.FromMinutes(2));
        Assert.Contains("dependsOn", Wait.Condition(pipeline, "Ready", "message"), StringComparison.Ordinal);
    }

    [ClusterFact]
    public async Task Breast_cancer_run_succeeds_and_registers_a_ready_model_version()
    {
        using var ns = new TestNamespace("bc");
        var created = Cluster.Kubectl(TimeSpan.FromMinutes(1), "create", "-n", ns.Name, "-f", Example, "-o", "name");
        Assert.True(created.ExitCode == 0, $"kubectl create -f {Example}: {created.Output}");
        var runs = created.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => n.StartsWith("pipelinerun.sluice.dev/", StringComparison.Ordinal)).ToList();
        Assert.True(runs.Count > 0, $"the example created no PipelineRun: {created.Output}");
        foreach (var run in runs)
        {
            var name = run.Split('/')[1];
            var done = await Wait.ForAsync(ns.Name, "pipelineruns.sluice.dev", name,
                r => (string?)r["status"]?["phase"] is "Succeeded" or "Failed" or "Cancelled", TimeSpan.FromMinutes(20));
            Assert.True((string?)done["status"]!["phase"] == "Succeeded", $"run {name}: {done["status"]}");
            Assert.Equal("True", Wait.Condition(done, "Succeeded"));
            var registered = (string?)done["status"]?["modelVersion"] ?? (string?)done["status"]?["modelVersionName"];
            if (registered is not null)
            {
                var version = await Wait.ForAsync(ns.Name, "modelversions.sluice.dev", registered,
                    m => Wait.Condition(m, "Ready") == "True" || Wait.Condition(m, "Degraded") == "True", TimeSpan.FromMinutes(10));
                Assert.Equal("True", Wait.Condition(version, "Ready"));

                // Created by the operator, not in Git: Argo CD must neither report it OutOfSync nor prune it.
                var annotations = version["metadata"]?["annotations"];
                Assert.Equal("IgnoreExtraneous", (string?)annotations?["argocd.argoproj.io/compare-options"]);
                Assert.Equal("Prune=false", (string?)annotations?["argocd.argoproj.io/sync-options"]);
            }
        }
    }

    [ClusterFact]
    public async Task Cancelling_a_run_stops_it_and_reports_cancelled()
    {
        using var ns = new TestNamespace("cancel");
        var pipelines = Directory.GetFiles(Example, "*.yaml").Where(f => File.ReadAllText(f).Contains("kind: Pipeline\n", StringComparison.Ordinal)).ToList();
        Assert.True(pipelines.Count > 0, $"no Pipeline manifest in {Example}");
        foreach (var file in pipelines)
        {
            ns.Apply(file);
        }

        var pipeline = Cluster.Kubectl(TimeSpan.FromSeconds(30), "get", "pipelines.sluice.dev", "-n", ns.Name, "-o", "jsonpath={.items[0].metadata.name}");
        ns.Apply($$"""
            apiVersion: sluice.dev/v1alpha1
            kind: PipelineRun
            metadata:
              name: to-cancel
            spec:
              pipelineRef:
                name: {{pipeline.Output.Trim()}}
            """, isFile: false);
        await Wait.ForAsync(ns.Name, "pipelineruns.sluice.dev", "to-cancel",
            r => (string?)r["status"]?["phase"] is "Running" or "Succeeded" or "Failed", TimeSpan.FromMinutes(5));
        var patched = Cluster.Kubectl(TimeSpan.FromSeconds(30), "patch", "pipelineruns.sluice.dev", "to-cancel", "-n", ns.Name,
            "--type", "merge", "-p", """{"spec":{"cancel":true}}""");
        Assert.True(patched.ExitCode == 0, patched.Output);
        var run = await Wait.ForAsync(ns.Name, "pipelineruns.sluice.dev", "to-cancel",
            r => (string?)r["status"]?["phase"] is "Cancelled" or "Succeeded" or "Failed", TimeSpan.FromMinutes(3));
        Assert.Equal("Cancelled", (string?)run["status"]!["phase"]);
        Assert.Equal("False", Wait.Condition(run, "Succeeded"));
    }
}
