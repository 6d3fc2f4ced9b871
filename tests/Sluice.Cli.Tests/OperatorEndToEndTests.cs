using System.Net;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// The quickstart as a user runs it, against the API test server: real kubectl applies the CRDs and the breast
/// cancer example, `sluice operator --kubeconfig` runs as its own process, and kubectl waits for the run.
/// </summary>
public sealed class OperatorEndToEndTests
{
    [Fact]
    public async Task The_example_pipeline_runs_to_Succeeded_with_sluice_operator_and_kubectl()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var server = await TestApiServer.StartAsync(ct: deadline.Token);
        var dir = Directory.CreateTempSubdirectory("sluice-e2e").FullName;
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            server.WriteKubeconfig(kubeconfig);
            var root = RepositoryRoot.Path;
            async Task<string> Kubectl(CancellationToken ct, params string[] args)
            {
                var (code, output) = await ChildProcess.RunAsync("kubectl", ["--kubeconfig", kubeconfig, .. args], root, ct);
                Assert.True(code == 0, $"kubectl {string.Join(' ', args)} failed ({code}): {output}");
                return output;
            }

            await Kubectl(deadline.Token, "apply", "-f", "config/crd/bases");
            await Kubectl(deadline.Token, "wait", "--for=condition=Established", "crd/pipelineruns.sluice.dev", "--timeout=30s");
            await Kubectl(deadline.Token, "apply", "-f", "examples/breast-cancer/pipeline.yaml");
            var runName = (await Kubectl(deadline.Token, "create", "-f", "examples/breast-cancer/pipelinerun.yaml", "-o", "name")).Trim();
            Assert.StartsWith("pipelinerun.sluice.dev/breast-cancer-", runName, StringComparison.Ordinal);

            var probe = LoopbackPorts.Free();
            using var sluiceOperator = ChildProcess.Start("dotnet", [
                Path.Combine(AppContext.BaseDirectory, "sluice.dll"), "operator", "--kubeconfig", kubeconfig,
                "--metrics-bind-address", "0", "--health-probe-bind-address", $"127.0.0.1:{probe}",
                "--default-artifact-bucket", "sluice-artifacts", "--default-artifact-endpoint", "http://minio.sluice-system:9000",
            ], root);
            using var http = new HttpClient();
            while (!await ReadyAsync(http, probe, deadline.Token))
            {
                Assert.True(sluiceOperator.Output.Length == 0 || !sluiceOperator.Output.Contains("Unhandled", StringComparison.Ordinal), sluiceOperator.Output);
                await Task.Delay(100, deadline.Token);
            }

            var (waited, waitOutput) = await ChildProcess.RunAsync("kubectl",
                ["--kubeconfig", kubeconfig, "wait", "--for=condition=Succeeded", runName, "--timeout=60s"], root, deadline.Token);
            Assert.True(waited == 0, $"kubectl wait failed: {waitOutput}\noperator output:\n{sluiceOperator.Output}");

            var table = await Kubectl(deadline.Token, "get", "pipelineruns");
            Assert.Contains("PROGRESS", table, StringComparison.Ordinal);
            Assert.Matches(@"breast-cancer-\w+\s+True\s+Succeeded\s+4/4", table);
            var pipelines = await Kubectl(deadline.Token, "get", "pipelines");
            Assert.Matches(@"breast-cancer\s+True\s+breast-cancer-\w+", pipelines);
            var jobs = await Kubectl(deadline.Token, "get", "jobs", "-l", "sluice.dev/pipeline=breast-cancer", "-o", "name");
            Assert.Equal(4, jobs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            await ChildProcess.RunAsync("kill", ["-TERM", sluiceOperator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], root, deadline.Token);
            Assert.Equal(0, await sluiceOperator.WaitAsync(deadline.Token));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"), cancellationToken)).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
