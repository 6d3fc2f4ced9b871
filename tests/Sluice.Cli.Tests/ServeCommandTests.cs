using Sluice.Cli.Commands;

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
    [InlineData(new[] { "--model", "a.onnx", "--name", "m", "--max-batch-size", "8", "--batch-workers", "0" }, "--batch-workers")]
    public async Task Bad_command_lines_are_usage_errors(string[] args, string expected)
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => Run(args));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_model_exits_non_zero_with_the_reason()
    {
        var (code, _, err) = await Run("--model", Model("corrupt_truncated.onnx"), "--name", "c", "--port", "0");

        Assert.Equal(1, code);
        Assert.Contains("not a valid ONNX model", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_number_of_feature_names_exits_non_zero_naming_the_option()
    {
        var (code, _, err) = await Run("--model", Model("iris_mlp.onnx"), "--name", "iris", "--port", "0", "--feature-names", "a,b,c");

        Assert.Equal(1, code);
        Assert.Contains("--feature-names gives 3 names but the model takes 4 values per row", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_model_file_exits_non_zero_naming_model_option()
    {
        var (code, _, err) = await Run("--model", "file:///nonexistent/m.onnx", "--name", "m", "--port", "0", "--load-retries", "0");

        Assert.Equal(1, code);
        Assert.Contains("--model file:///nonexistent/m.onnx", err, StringComparison.Ordinal);
    }
}
