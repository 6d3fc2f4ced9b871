using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Artifacts.Tests;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-run-").FullName;

    private static string Repo { get; } = FindRepo();

    private static string Pipeline(string name) => Path.Combine(Repo, "tests", "testdata", "pipelines", name + ".yaml");

    private static string Dataset(string name) => Path.Combine(Repo, "tests", "testdata", "datasets", name + ".csv");

    private async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await new RunCommand().RunAsync(args, new CommandContext(output, error, TimeProvider.System, _dir), deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("breast-cancer", "breast_cancer", 0.97)]
    [InlineData("iris", "iris", 0.9)]
    [InlineData("wine", "wine", 0.9)]
    public async Task Example_pipelines_run_end_to_end_and_report_their_metrics(string pipeline, string dataset, double minAuc)
    {
        var (code, output, error) = await RunAsync(Pipeline(pipeline), "--param", $"source={Dataset(dataset)}", "--run-name", "r1", "--plain");

        Assert.True(code == 0, output + error);
        Assert.Contains("run r1 succeeded", output, StringComparison.Ordinal);
        Assert.Contains("metrics (evaluate/metrics): roc_auc", output, StringComparison.Ordinal);
        var metricsPath = Path.Combine(_dir, ".sluice", "artifacts", "default", pipeline, "r1", "evaluate", "metrics");
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(metricsPath))!;
        Assert.True(metrics["roc_auc"]!.GetValue<double>() >= minAuc);
        Assert.True(File.Exists(Path.Combine(_dir, ".sluice", "artifacts", "default", pipeline, "r1", "train", "model.meta.json")));
    }

    [Fact]
    public async Task A_missing_input_fails_the_ingest_stage_and_skips_the_rest()
    {
        var (code, output, _) = await RunAsync(Pipeline("iris"), "--param", "source=/nonexistent/iris.csv", "--plain");

        Assert.Equal(1, code);
        Assert.Contains("stage ingest failed: attempt 1 of 1 failed, exit code 1: sluice step ingest: source data /nonexistent/iris.csv does not exist", output, StringComparison.Ordinal);
        Assert.Contains("[evaluate] skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_value_fails_the_train_stage_naming_the_column_after_its_retry()
    {
        var lines = await File.ReadAllLinesAsync(Dataset("iris"));
        lines[5] = "5.0,oops,1.4,0.2,0";
        var corrupt = Path.Combine(_dir, "corrupt.csv");
        await File.WriteAllLinesAsync(corrupt, lines);

        var (code, output, _) = await RunAsync(Pipeline("iris"), "--param", $"source={corrupt}", "--plain");

        Assert.Equal(1, code);
        Assert.Contains("stage train failed: attempt 2 of 2 failed", output, StringComparison.Ordinal);
        Assert.Contains("column \"sepal_width_cm\": \"oops\" is not a number", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_command_lines_and_unknown_params_are_rejected()
    {
        await Assert.ThrowsAsync<UsageException>(() => RunAsync());
        await Assert.ThrowsAsync<UsageException>(() => RunAsync(Pipeline("iris"), "--artifacts", "a", "--s3", "s3://b"));
        var (code, _, error) = await RunAsync(Pipeline("iris"), "--param", "nope=1");
        Assert.Equal(1, code);
        Assert.Contains("--param nope: the pipeline has no such parameter", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stages_on_other_images_need_docker()
    {
        var file = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata: {name: other}
            spec:
              stages:
                - {name: prep, image: python:3.12, command: [python, prep.py]}
            """);
        var (code, output, _) = await RunAsync(file, "--plain");
        Assert.Equal(1, code);
        Assert.Contains("stage \"prep\" uses image python:3.12, which is not the Sluice image; a local run starts it only with --docker", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_pipeline_runs_against_s3rver_with_s3()
    {
        using var s3 = S3rverProcess.Start();
        var info = new ProcessStartInfo(RunCommand.SluiceCommand()[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var arg in RunCommand.SluiceCommand().Skip(1).Concat(["run", Pipeline("breast-cancer"), "--param", $"source={Dataset("breast_cancer")}", "--s3", "s3://ml-artifacts/sluice", "--run-name", "s3run", "--plain"]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["SLUICE_S3_ENDPOINT"] = s3.Endpoint;
        info.Environment["AWS_ACCESS_KEY_ID"] = "S3RVER";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "S3RVER";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("model: s3://ml-artifacts/sluice/default/breast-cancer/s3run/train/model", output, StringComparison.Ordinal);
        Assert.Contains("metrics (evaluate/metrics): roc_auc 0.9", output, StringComparison.Ordinal);
        Assert.Contains(Directory.EnumerateFiles(s3.DataDirectory, "*", SearchOption.AllDirectories), f => f.Contains("s3run", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository root (Operator.sln) above the test binaries");
    }
}
