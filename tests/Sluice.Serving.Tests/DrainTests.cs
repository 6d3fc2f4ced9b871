using System.Text.Json.Nodes;

namespace Sluice.Serving.Tests;

/// <summary>
/// A stopping server in a pod: Kubernetes SIGTERMs it while Services may still route to it, so it reports not ready
/// and keeps answering for the drain time before it closes.
/// </summary>
public sealed class DrainTests
{
    [Fact]
    public async Task A_draining_server_is_not_ready_and_still_answers_until_the_drain_time_is_over()
    {
        await using var server = await RunningServer.StartAsync("breast_cancer_mlp_v1.onnx", "bc");
        var row = JsonNode.Parse(File.ReadAllText(RunningServer.ModelPath("models.json")))!["breast_cancer_mlp_v1.onnx"]!["sample_inputs"]![0]!;
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "input", ["shape"] = new JsonArray(1, 30), ["datatype"] = "FP32", ["data"] = row.DeepClone() }),
        }.ToJsonString();
        Assert.Equal(200, (await server.GetAsync("/v2/health/ready")).Status);

        var draining = server.Host.DrainAsync(TimeSpan.FromSeconds(2), TimeProvider.System);
        var ready = await server.GetAsync("/v2/health/ready");
        var answer = await server.PostAsync("/v2/models/bc/infer", body);

        Assert.False(draining.IsCompleted);
        Assert.Equal(503, ready.Status);
        Assert.StartsWith("the server is stopping", ready.Body!["error"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(200, (await server.GetAsync("/v2/health/live")).Status);
        Assert.Equal(200, answer.Status);
        await draining.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
