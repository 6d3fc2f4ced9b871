using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>A real `sluice serve` host on a free loopback port and a client for it; stopped on dispose.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(ServingHost host)
    {
        Host = host;
        Client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ServingHost Host { get; }

    public HttpClient Client { get; }

    public static string ModelPath(string file) => Path.Combine(AppContext.BaseDirectory, "testdata", "models", file);

    public static Task<RunningServer> StartAsync(string file, string name, Func<ServingOptions, ServingOptions>? configure = null) =>
        StartAsync(new ServingOptions { Models = [new ModelSpec(name, ModelPath(file))], Port = 0 }, configure);

    public static async Task<RunningServer> StartAsync(ServingOptions options, Func<ServingOptions, ServingOptions>? configure = null)
    {
        options = configure?.Invoke(options) ?? options;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var host = await ServingHost.StartAsync(options, NullLoggerFactory.Instance, "test", TimeProvider.System, cts.Token);
        return new RunningServer(host);
    }

    public async Task<(int Status, JsonNode? Body)> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, path == "/metrics" ? JsonValue.Create(text) : JsonNode.Parse(text));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
