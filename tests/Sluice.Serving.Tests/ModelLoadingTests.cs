using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>Corrupt, missing and tampered models are clear errors, never hangs.</summary>
public sealed class ModelLoadingTests
{
    private static Task<ServingHost> Start(ModelSpec spec, bool exitOnError = true)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return ServingHost.StartAsync(new ServingOptions { Models = [spec], Port = 0, ExitOnLoadError = exitOnError, LoadRetries = 1 },
            NullLoggerFactory.Instance, "test", TimeProvider.System, cts.Token);
    }

    [Fact]
    public async Task Corrupt_model_fails_with_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Start(new ModelSpec("c", RunningServer.ModelPath("corrupt_truncated.onnx"))));

        Assert.Contains("is not a valid ONNX model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt_truncated.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_file_fails_naming_the_path()
    {
        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Start(new ModelSpec("c", "/nonexistent/model.onnx")));

        Assert.Contains("/nonexistent/model.onnx does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sha256_mismatch_fails_and_match_loads()
    {
        var path = RunningServer.ModelPath("iris_mlp.onnx");
        var ex = await Assert.ThrowsAsync<ModelLoadException>(() => Start(new ModelSpec("c", path) { Sha256 = new string('0', 64) }));
        Assert.Contains("expects 0000", ex.Message, StringComparison.Ordinal);

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path)));
        await using var host = await Start(new ModelSpec("c", path) { Sha256 = sha.ToUpperInvariant() });
    }

    [Fact]
    public async Task Not_ready_mode_serves_with_the_reason()
    {
        await using var server = await RunningServer.StartAsync(new ServingOptions
        {
            Models = [new ModelSpec("c", RunningServer.ModelPath("corrupt_truncated.onnx")), new ModelSpec("iris", RunningServer.ModelPath("iris_mlp.onnx"))],
            Port = 0,
            ExitOnLoadError = false,
        });

        var (status, body) = await server.GetAsync("/v2/health/ready");
        Assert.Equal(503, status);
        Assert.Contains("not a valid ONNX model", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(503, (await server.GetAsync("/v2/models/c/ready")).Status);
        Assert.Equal(200, (await server.GetAsync("/v2/models/iris/ready")).Status);
        Assert.Equal(503, (await server.PostAsync("/v2/models/c/infer", "{}")).Status);
        Assert.Equal(200, (await server.GetAsync("/v2/health/live")).Status);
    }

    [Fact]
    public async Task Slow_source_times_out_instead_of_hanging()
    {
        var options = new ServingOptions
        {
            Models = [new ModelSpec("slow", "slow://model")],
            Port = 0,
            LoadTimeout = TimeSpan.FromMilliseconds(200),
            LoadRetries = 1,
            ExtraSources = [new NeverAnsweringSource()],
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ModelLoadException>(() =>
            ServingHost.StartAsync(options, NullLoggerFactory.Instance, "test", TimeProvider.System, cts.Token));

        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 attempt(s)", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A real source whose server never answers: opening waits until cancelled.</summary>
    private sealed class NeverAnsweringSource : IModelSource
    {
        public bool CanOpen(string uri) => uri.StartsWith("slow://", StringComparison.Ordinal);

        public async Task<Stream> OpenAsync(string uri, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
