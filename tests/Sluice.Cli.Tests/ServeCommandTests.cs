using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Cli.Commands;
using Sluice.Serving.Tests;

namespace Sluice.Cli.Tests;

public sealed class ServeCommandTests
{
    private static string Model(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "testdata", "models", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/testdata/models/{file} not found above {AppContext.BaseDirectory}");
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await new ServeCommand().RunAsync(args, new CommandContext(output, error, TimeProvider.System, Environment.CurrentDirectory), cts.Token);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData(new[] { "--name", "m" }, "--model is required")]
    [InlineData(new[] { "--model", "a.onnx" }, "give one --name per --model")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--on-load-error", "maybe" }, "not exit or not-ready")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--graph-optimization", "max" }, "--graph-optimization")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--host", "localhost" }, "not an IP address")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--bogus", "1" }, "unknown option --bogus")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--s3-endpoint", "127.0.0.1:9000" }, "--s3-endpoint")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--request-log", "/tmp/a", "--request-log-dir", "/tmp/b" }, "not both")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--request-log", "ftp://x/y" }, "option --request-log")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--feature-names", "a,,b" }, "--feature-names")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--profile", "a.json", "--profile", "b.json" }, "give --profile once for all models or once per --model (1)")]
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--max-batch-size", "8", "--batch-workers", "0" }, "--batch-workers")]
    public async Task Bad_command_lines_are_usage_errors(string[] args, string expected)
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(args));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> LoadFailures() => new()
    {
        { ["--model", Model("corrupt_truncated.onnx"), "--name", "c"], "not a valid ONNX model" },
        { ["--model", Model("iris_mlp.onnx"), "--name", "iris", "--feature-names", "a,b,c"], "--feature-names gives 3 names but the model takes 4 values per row" },
        { ["--model", "file:///nonexistent/m.onnx", "--name", "m", "--load-retries", "0"], "--model file:///nonexistent/m.onnx" },
        {
            ["--model", Model("iris_mlp.onnx"), "--name", "iris", "--profile", "file:///nonexistent/profile.json"],
            "error: model iris: --profile file:///nonexistent/profile.json: file /nonexistent/profile.json does not exist"
        },
    };

    [Theory]
    [MemberData(nameof(LoadFailures))]
    public async Task A_model_or_profile_that_fails_to_load_exits_non_zero_with_the_reason(string[] args, string expected)
    {
        var (code, _, err) = await Run([.. args, "--port", "0"]);

        Assert.Equal(1, code);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    // A PyTorch export records no names: without --profile its logs say input_0..input_29, which no profile has.
    [Fact]
    public async Task A_model_exported_without_names_logs_its_features_under_the_profiles_names()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-serve-profile-").FullName;
        var profile = new Uri(TrainingProfiles.WriteWithTarget(dir)).AbsoluteUri;
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(Model("models.json")))!["breast_cancer_mlp_v1.onnx"]!;
        var names = catalog["feature_order"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var rows = catalog["sample_inputs"]!.AsArray().Take(2).ToList();
        var port = ServeRequestLogDriftTests.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var serve = new ServeCommand().RunAsync(
            ["--model", Model("breast_cancer_mlp_v1.onnx"), "--name", "bc", "--model-version", "v1", "--port", port.ToString(CultureInfo.InvariantCulture),
                "--profile", profile, "--request-log-dir", Path.Combine(dir, "logs"), "--request-log-rate", "1"],
            new CommandContext(output, error, TimeProvider.System, Environment.CurrentDirectory), stop.Token);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            while (!await ReadyAsync(client))
            {
                Assert.False(serve.IsCompleted || stop.IsCancellationRequested, $"serve did not get ready: {error}");
                await Task.Delay(100, CancellationToken.None);
            }

            var meta = JsonNode.Parse(await client.GetStringAsync(new Uri("/v2/models/bc", UriKind.Relative)))!;
            var body = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "input",
                    ["shape"] = new JsonArray(rows.Count, names.Count),
                    ["datatype"] = "FP32",
                    ["data"] = new JsonArray([.. rows.Select(r => r!.DeepClone())]),
                }),
            };
            using (var response = await client.PostAsync(new Uri("/v2/models/bc/infer", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")))
            {
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }

            // Stopping flushes the buffered rows.
            await stop.CancelAsync();
            Assert.Equal(0, await serve);

            Assert.Equal(string.Join(',', names), meta["parameters"]!["feature_names"]!.GetValue<string>());
            var file = Assert.Single(Directory.GetFiles(Path.Combine(dir, "logs", "serving-logs", "default", "bc", "v1"), "*.jsonl", SearchOption.AllDirectories));
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(2, lines.Count);
            var features = lines[1]["features"]!.AsObject();
            Assert.Equal(names, features.Select(f => f.Key));
            Assert.Equal(rows[1]![0]!.GetValue<double>(), features["mean_radius"]!.GetValue<double>(), 4);
            Assert.Equal(rows[1]![29]!.GetValue<double>(), features["worst_fractal_dimension"]!.GetValue<double>(), 4);
        }
        finally
        {
            // A failed assertion must not leave the server running in the test process.
            await stop.CancelAsync();
            await serve.ContinueWith(_ => { }, TaskScheduler.Default);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            using var ready = await client.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
            return ready.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
