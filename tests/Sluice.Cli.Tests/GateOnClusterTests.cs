using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sluice.Artifacts;
using Sluice.Artifacts.Tests;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The first half of the loop for real: the example Pipeline on the process kubelet with s3rver registers
/// breast-cancer's first model, refuses an identical retrain with both values, and registers a model retrained on
/// shifted data that beats the serving one on the same test rows.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class GateOnClusterTests
{
    [Fact]
    public async Task The_example_pipeline_registers_a_first_model_refuses_an_equal_one_and_registers_a_retrained_winner()
    {
        using var s3 = S3rverProcess.Start();
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(400));
        var settings = new S3Settings(s3.Endpoint, "S3RVER", "S3RVER", CreateBucket: true);
        using (await ArtifactStoreFactory.OpenRootAsync("s3://sluice-artifacts", settings, cluster.Token) as IDisposable)
        {
        }

        await cluster.KubectlAsync("apply", "-f", "config/crd/bases");
        await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/pipelineruns.sluice.dev", "crd/modelversions.sluice.dev", "--timeout=30s");
        await cluster.KubectlAsync("create", "secret", "generic", "s3-creds", "--from-literal=AWS_ACCESS_KEY_ID=S3RVER", "--from-literal=AWS_SECRET_ACCESS_KEY=S3RVER");
        await cluster.KubectlAsync("apply", "-f", "examples/breast-cancer/pipeline.yaml");
        var original = Path.Combine(RepositoryRoot.Path, "examples", "breast-cancer", "breast_cancer.csv");
        var shifted = Path.Combine(cluster.Directory, "shifted.csv");
        await File.WriteAllTextAsync(shifted, Shift(await File.ReadAllTextAsync(original, cluster.Token)), cluster.Token);
        using var sluiceOperator = StartOperator(cluster, s3);
        try
        {
            // 1. The first model: nothing serves, so it is accepted on roc_auc >= 0.95 alone.
            var first = await RunAsync(cluster, "first", original, () => sluiceOperator.Output);
            Assert.Equal(("True", "Registered", "RubberStamped"), (first["registered"], first["reason"], first["result"]));
            var v1 = JsonNode.Parse(await cluster.KubectlAsync("get", "modelversion", "breast-cancer-v1", "-o", "json"))!;
            var uri = v1["spec"]!["source"]!["uri"]!.GetValue<string>();
            Assert.Equal(first["artifacts"] + "/train/model", uri);
            Assert.Equal(await Sha256Async(uri, settings, cluster.Token), v1["spec"]!["source"]!["sha256"]!.GetValue<string>());
            Assert.Equal(first["artifacts"] + "/validate/profile", v1["spec"]!["profile"]!.GetValue<string>());
            Assert.Equal("sha256:" + await Sha256Async(first["artifacts"] + "/ingest/train", settings, cluster.Token), v1["spec"]!["lineage"]!["datasetDigest"]!.GetValue<string>());
            Assert.Matches(@"^0\.9\d+$", v1["spec"]!["metrics"]!["roc_auc"]!.GetValue<string>());
            Assert.Null(v1["metadata"]!["ownerReferences"]);

            // Nothing promotes v1 yet (the ModelVersion controller's part), so it is the latest version not retired: the one to beat.
            // 2. The same data again: the same model, which does not beat the serving one by 0.002.
            var second = await RunAsync(cluster, "second", original, () => sluiceOperator.Output);
            Assert.Equal(("False", "GateRefused", "Refused"), (second["registered"], second["reason"], second["result"]));
            var auc = v1["spec"]!["metrics"]!["roc_auc"]!.GetValue<string>();
            Assert.StartsWith($"roc_auc {auc} vs serving breast-cancer-v1 {auc}: diff 0", second["message"], StringComparison.Ordinal);
            Assert.EndsWith("< minImprovement 0.002", second["message"], StringComparison.Ordinal);
            Assert.Equal("breast-cancer-v1", (await cluster.KubectlAsync("get", "plr", "second", "-o", "jsonpath={.status.baseline.modelVersion}")).Trim());
            Assert.Matches($@"second\s+True\s+Succeeded\s+4/4\s+roc_auc {auc.Replace(".", "\\.", StringComparison.Ordinal)} vs serving breast-cancer-v1", await cluster.KubectlAsync("get", "plr"));

            // 3. Shifted data: the serving model ranks the new rows badly, the retrained one well.
            var third = await RunAsync(cluster, "third", shifted, () => sluiceOperator.Output);
            Assert.Equal(("True", "Registered", "Blessed"), (third["registered"], third["reason"], third["result"]));
            var v2 = JsonNode.Parse(await cluster.KubectlAsync("get", "modelversion", "breast-cancer-v2", "-o", "json"))!;
            Assert.Equal("breast-cancer-v1", v2["spec"]!["lineage"]!["previousVersion"]!.GetValue<string>());
            Assert.Equal("third", v2["spec"]!["lineage"]!["pipelineRun"]!.GetValue<string>());
            Assert.Matches(@"third\s+True\s+Succeeded\s+4/4\s+breast-cancer-v2\s+2 rules passed against serving breast-cancer-v1", await cluster.KubectlAsync("get", "plr"));

            // A run's history going away never takes a serving model with it.
            await cluster.KubectlAsync("delete", "plr", "first", "--wait=true", "--timeout=30s");
            Assert.Contains("breast-cancer-v1", await cluster.KubectlAsync("get", "modelversions", "-o", "name"), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(sluiceOperator, cluster);
        }
    }

    /// <summary>Runs the example on a data set and returns what its status says of the model.</summary>
    private static async Task<Dictionary<string, string>> RunAsync(ProcessCluster cluster, string name, string dataset, Func<string> operatorOutput)
    {
        var file = Path.Combine(cluster.Directory, $"{name}.yaml");
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: sluice.dev/v1alpha1
            kind: PipelineRun
            metadata: {name: {{name}}}
            spec:
              pipelineRef: {name: breast-cancer}
              params:
                - {name: dataset, value: "{{dataset}}"}
            """, cluster.Token);
        await cluster.KubectlAsync("create", "-f", file);
        var registered = await cluster.WaitAsync(
            () => cluster.KubectlAsync("get", "plr", name, "-o", "jsonpath={.status.phase} {.status.conditions[?(@.type==\"ModelRegistered\")].status}"),
            s => s.Trim() is "Failed" || s.Trim().StartsWith("Succeeded ", StringComparison.Ordinal) && s.Trim().Split(' ')[1] is "True" or "False", $"registered or refused run {name}");
        Assert.True(registered.Trim() != "Failed", $"""
            run {name} failed: {await cluster.KubectlAsync("get", "plr", name, "-o", "jsonpath={.status.conditions}")}
            operator output:
            {operatorOutput()}
            """);
        var status = new Dictionary<string, string>();
        foreach (var (key, path) in new[]
        {
            ("registered", "{.status.conditions[?(@.type==\"ModelRegistered\")].status}"),
            ("reason", "{.status.conditions[?(@.type==\"ModelRegistered\")].reason}"),
            ("message", "{.status.conditions[?(@.type==\"ModelRegistered\")].message}"),
            ("result", "{.status.gate.result}"),
            ("artifacts", "{.status.artifactsUri}"),
        })
        {
            status[key] = (await cluster.KubectlAsync("get", "plr", name, "-o", $"jsonpath={path}")).Trim();
        }

        return status;
    }

    /// <summary>Negates the first ten features: a shift that reverses what the serving model learned from them.</summary>
    private static string Shift(string csv)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        var features = Enumerable.Range(0, header.Length).Where(i => header[i] != "target").Take(10).ToHashSet();
        return string.Join('\n', lines.Select((line, row) => row == 0 ? line : string.Join(',', line.Split(',').Select((cell, i) =>
            features.Contains(i) ? (-double.Parse(cell, CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture) : cell)))) + "\n";
    }

    private static async Task<string> Sha256Async(string uri, S3Settings settings, CancellationToken cancellationToken)
    {
        var (store, key) = await ArtifactStoreFactory.OpenObjectAsync(uri, settings, cancellationToken);
        await using var stream = await store.GetAsync(key, cancellationToken);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static ChildProcess StartOperator(ProcessCluster cluster, S3rverProcess s3) => ChildProcess.Start("dotnet", [
        Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", cluster.Kubeconfig,
        "--metrics-bind-address", "0", "--health-probe-bind-address", $"127.0.0.1:{LoopbackPorts.Free()}",
        "--default-artifact-bucket", "sluice-artifacts", "--default-artifact-endpoint", s3.Endpoint, "--default-artifact-secret", "s3-creds",
    ], RepositoryRoot.Path);

    private static async Task StopAsync(ChildProcess running, ProcessCluster cluster)
    {
        await ChildProcess.RunAsync("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)], RepositoryRoot.Path, cluster.Token);
        Assert.Equal(0, await running.WaitAsync(cluster.Token));
    }
}
