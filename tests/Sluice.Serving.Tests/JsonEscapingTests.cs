using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Serving.Hosting;
using Sluice.Serving.Models;

namespace Sluice.Serving.Tests;

/// <summary>JSON bodies escape only what JSON needs: a build version's '+', a '&lt;' or an 'é' read as written.</summary>
public sealed class JsonEscapingTests
{
    [Fact]
    public async Task Metadata_and_errors_keep_plus_angle_brackets_and_accents_as_written()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ServingOptions
        {
            Models = [new ModelSpec("bc", RunningServer.ModelPath("breast_cancer_mlp_v1.onnx")) { Version = "v1+build.7" }],
            Port = 0,
        };
        await using var host = await ServingHost.StartAsync(options, NullLoggerFactory.Instance, "1.0.0+3f2a<b>&'", TimeProvider.System, cts.Token);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var server = await client.GetStringAsync("/v2", cts.Token);
        var model = await client.GetStringAsync("/v2/models/bc", cts.Token);
        using var missing = await client.GetAsync("/v2/models/caf%C3%A9+x", cts.Token);
        var error = await missing.Content.ReadAsStringAsync(cts.Token);

        Assert.Contains("\"version\":\"1.0.0+3f2a<b>&'\"", server, StringComparison.Ordinal);
        Assert.Contains("\"versions\":[\"v1+build.7\"]", model, StringComparison.Ordinal);
        Assert.Contains("café+x", error, StringComparison.Ordinal);
        Assert.All(new[] { server, model, error }, body => Assert.DoesNotContain("\\u", body, StringComparison.Ordinal));
    }
}
