using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Artifacts.Tests;
using Sluice.Cli.Commands;

namespace Sluice.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-run-").FullName;

    private static string Repo { get; } = FindRepo();

    private static string Pipeline(string name) => Path.Combine(Repo, "examples", name, "pipeline.yaml");

    private static string Dataset(string name) => Path.Combine(Repo, "tests", "testdata", "datasets", name + ".csv");

    private Task<(int Code, string Out, string Error)> RunAsync(params string[] args) => RunInAsync(_dir, args);

    private static async Task<(int Code, string Out, string Error)> RunInAsync(string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await new RunCommand().RunAsync(args, new CommandContext(output, error, TimeProvider.System, workingDirectory), deadline.Token);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("breast-cancer", 0.97)]
    [InlineData("iris", 0.9)]
    [InlineData("wine", 0.9)]
    public async Task Example_pipelines_run_end_to_end_and_report_their_metrics(string pipeline, double minAuc)
    {
        // As the README runs them: from the repository root, with the pipeline's own default data set.
        var artifacts = Path.Combine(_dir, ".sluice", "artifacts");
        var (code, output, error) = await RunInAsync(Repo, $"examples/{pipeline}/pipeline.yaml", "--artifacts", artifacts, "--run-name", "r1", "--plain");

        Assert.True(code == 0, output + error);
        Assert.Contains("run r1 succeeded", output, StringComparison.Ordinal);
        Assert.Contains("metrics (evaluate/metrics): roc_auc", output, StringComparison.Ordinal);
        var metricsPath = Path.Combine(_dir, ".sluice", "artifacts", "default", pipeline, "r1", "evaluate", "metrics");
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(metricsPath))!;
        Assert.True(metrics["roc_auc"]!.GetValue<double>() >= minAuc);
        Assert.True(File.Exists(Path.Combine(_dir, ".sluice", "artifacts", "default", pipeline, "r1", "train", "model.meta.json")));
        // The training profile names the label, so drift against it leaves the label out.
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, ".sluice", "artifacts", "default", pipeline, "r1", "validate", "profile")))!;
        Assert.Equal("target", profile["target"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_missing_input_fails_the_ingest_stage_and_skips_the_rest()
    {
        var (code, output, _) = await RunAsync(Pipeline("iris"), "--param", "dataset=/nonexistent/iris.csv", "--plain");

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

        var (code, output, _) = await RunAsync(Pipeline("iris"), "--param", $"dataset={corrupt}", "--plain");

        Assert.Equal(1, code);
        Assert.Contains("stage train failed: attempt 2 of 2 failed", output, StringComparison.Ordinal);
        Assert.Contains("column \"sepal_width_cm\": \"oops\" is not a number", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ragged", "stage ingest failed: attempt 1 of 1 failed, exit code 1: sluice step ingest: ragged.csv, record 51: 2 fields but the header has 5")]
    [InlineData("empty", "stage ingest failed: attempt 1 of 1 failed, exit code 1: sluice step ingest: empty.csv is empty; a CSV with a header row is expected")]
    [InlineData("binary", "stage ingest failed: attempt 1 of 1 failed, exit code 1: sluice step ingest: binary.csv")]
    public async Task A_corrupt_data_set_fails_the_ingest_stage_naming_the_cause(string kind, string expected)
    {
        var lines = (await File.ReadAllLinesAsync(Dataset("iris"))).Take(50).ToList();
        switch (kind)
        {
            case "ragged":
                await File.WriteAllLinesAsync(Path.Combine(_dir, "ragged.csv"), [.. lines, "1.0,2.0"]);
                break;
            case "empty":
                await File.WriteAllTextAsync(Path.Combine(_dir, "empty.csv"), "");
                break;
            default:
                await File.WriteAllBytesAsync(Path.Combine(_dir, "binary.csv"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
                break;
        }

        var (code, output, _) = await RunAsync(Pipeline("iris"), "--param", $"dataset={kind}.csv", "--plain");

        Assert.Equal(1, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("[train] skipped", output, StringComparison.Ordinal);
        Assert.Contains("[evaluate] skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_command_lines_and_unknown_params_are_rejected()
    {
        await Assert.ThrowsAsync<UsageException>(() => RunAsync());
        await Assert.ThrowsAsync<UsageException>(() => RunAsync(Pipeline("iris"), "--artifacts", "a", "--s3", "s3://b"));
        // An unknown parameter is a command-line error (exit code 2 through the dispatcher), found before the run starts.
        var unknown = await Assert.ThrowsAsync<UsageException>(() => RunAsync(Pipeline("iris"), "--param", "nope=1"));
        Assert.Contains("--param nope: the pipeline has no such parameter", unknown.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, ".sluice")), "a wrong parameter must not start a run");
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

    [Theory]
    [InlineData("{\"score\": 0.75}", 0, "results: score 0.75")]
    [InlineData("done", 1, "the stage succeeded but its results are not JSON")]
    public async Task A_local_stage_leaves_its_results_as_termination_message_as_in_a_pod(string message, int exitCode, string expected)
    {
        var file = Path.Combine(_dir, "results.yaml");
        var said = Path.Combine(_dir, "message.txt");
        await File.WriteAllTextAsync(said, message);
        await File.WriteAllTextAsync(file, $$"""
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata:
              name: results
              annotations:
                sluice.dev/local-command.score: '["sh", "-c", "cat {{said}} > $SLUICE_TERMINATION_MESSAGE_PATH"]'
            spec:
              stages:
                - {name: score, image: "alpine:3.20", command: [/bin/score]}
            """);

        var (code, output, error) = await RunAsync(file, "--plain");

        Assert.True(code == exitCode, output + error);
        Assert.Contains(expected, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_on_another_image_runs_its_local_command_with_the_stage_contract()
    {
        var file = Path.Combine(_dir, "p.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: sluice.dev/v1alpha1
            kind: Pipeline
            metadata:
              name: other
              annotations:
                sluice.dev/local-command.hello: '["sh", "-c", "echo hello from $SLUICE_STAGE of $SLUICE_RUN, attempt $SLUICE_ATTEMPT, greeting $1", "sh"]'
            spec:
              params: [{name: greeting, default: hi}]
              stages:
                - {name: hello, image: "alpine:3.20", command: [/bin/hello], args: ["$(params.greeting)"]}
            """);
        var (code, output, error) = await RunAsync(file, "--run-name", "r7", "--param", "greeting=bonjour", "--plain");
        Assert.True(code == 0, output + error);
        Assert.Contains("[hello] | hello from hello of r7, attempt 1, greeting bonjour", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_pipeline_runs_against_s3rver_with_s3()
    {
        using var s3 = S3rverProcess.Start();
        var info = new ProcessStartInfo(RunCommand.SluiceCommand()[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var arg in RunCommand.SluiceCommand().Skip(1).Concat(["run", Pipeline("breast-cancer"), "--param", $"dataset={Dataset("breast_cancer")}", "--s3", "s3://ml-artifacts/sluice", "--run-name", "s3run", "--plain"]))
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
        Assert.Matches(@"results: rows \d+, accuracy [\d.]+, precision [\d.]+, recall [\d.]+, f1 [\d.]+, roc_auc 0\.9\d+, log_loss [\d.]+", output);
        Assert.Contains(Directory.EnumerateFiles(s3.DataDirectory, "*", SearchOption.AllDirectories), f => f.Contains("s3run", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unknown-field", "    - {name: a, image: sluice, comand: [x]}")]
    [InlineData("bad-input", "    - {name: a, image: sluice, outputs: [data]}\n    - {name: b, image: sluice, inputs: [{name: data, stage: a}]}")]
    [InlineData("not-upstream", "    - {name: a, image: sluice, outputs: [data]}\n    - {name: b, image: sluice, inputs: [{name: data, from: a}]}")]
    [InlineData("cycle", "    - {name: a, image: sluice, dependsOn: [b]}\n    - {name: b, image: sluice, dependsOn: [a]}")]
    [InlineData("undeclared-param", "    - {name: a, image: sluice, args: [\"$(params.seed)\"]}")]
    [InlineData("bad-duration", "    - {name: a, image: sluice, timeout: 5 minutes, retryStrategy: {limit: 30}}")]
    [InlineData("bad-name", "    - {name: Train_Model, image: sluice}")]
    [InlineData("yaml-syntax", "    - {name: a, image: [sluice}")]
    public async Task Run_rejects_what_validate_rejects_with_the_same_messages(string name, string stages)
    {
        var file = Path.Combine(_dir, name + ".yaml");
        await File.WriteAllTextAsync(file, $"apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nmetadata: {{name: p}}\nspec:\n  stages:\n{stages}\n");
        using var validateOut = new StringWriter();
        using var validateError = new StringWriter();
        var validateCode = await new ValidateCommand().RunAsync([file], new CommandContext(validateOut, validateError, TimeProvider.System, _dir), CancellationToken.None);
        var problems = validateOut.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.EndsWith(" invalid", StringComparison.Ordinal)).ToList();

        var (code, output, error) = await RunAsync(file, "--plain");

        Assert.Equal(1, validateCode);
        Assert.NotEmpty(problems);
        Assert.Equal(1, code);
        Assert.DoesNotContain("running pipeline", output, StringComparison.Ordinal);
        Assert.All(problems, p => Assert.Contains(p, error, StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_dir, ".sluice")), "an invalid pipeline must not start a run");
    }

    [Fact]
    public async Task Every_example_pipeline_is_accepted_by_validate_and_run()
    {
        foreach (var example in new[] { "breast-cancer", "iris", "wine" })
        {
            using var output = new StringWriter();
            Assert.Equal(0, await new ValidateCommand().RunAsync([Pipeline(example)], new CommandContext(output, TextWriter.Null, TimeProvider.System, _dir), CancellationToken.None));
            Assert.Equal(example, Sluice.Runner.PipelineFile.Parse(await File.ReadAllTextAsync(Pipeline(example)), example).Metadata.Name);
        }
    }

    [Fact]
    public async Task Docker_without_an_engine_fails_before_any_stage_with_a_clear_message()
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
        var (code, output, error) = await RunAsync(file, "--docker", "--plain");
        Assert.Equal(1, code);
        Assert.DoesNotContain("[prep] running", output, StringComparison.Ordinal);
        Assert.Matches(@"^sluice run: --docker: (the Docker engine is not reachable \(.+\); start it \(dockerd\) or check DOCKER_HOST|there is no docker command on PATH; .+)$", error.Trim());
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
