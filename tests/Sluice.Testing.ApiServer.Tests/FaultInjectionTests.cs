using System.Text.Json.Nodes;
using k8s;

namespace Sluice.Testing.ApiServer.Tests;

public sealed class FaultInjectionTests
{
    [Theory]
    [InlineData(500, "InternalError")]
    [InlineData(429, "TooManyRequests")]
    [InlineData(409, "Conflict")]
    public async Task Injected_faults_answer_with_a_Status_and_stop_when_removed(int status, string reason)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var api = new RawApi(server.Url);
        using (server.Faults.Add(new FaultRule("list", "configmaps", status, RetryAfterSeconds: 2)))
        {
            var (code, body) = await api.GetAsync("/api/v1/namespaces/default/configmaps", cts.Token);
            Assert.Equal(status, code);
            Assert.Equal(reason, body["reason"]!.GetValue<string>());
        }
        Assert.Equal(200, (await api.GetAsync("/api/v1/namespaces/default/configmaps", cts.Token)).Code);
        Assert.Equal(2, server.Faults.Count("list", "configmaps"));
    }

    [Fact]
    public async Task Counters_count_requests_per_verb_and_resource_from_KubernetesClient()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var server = await TestApiServer.StartAsync(ct: cts.Token);
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(new k8s.Models.V1ConfigMap { Metadata = new() { Name = "a" } }, "default", cancellationToken: cts.Token);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: cts.Token);
        read.Data = new Dictionary<string, string> { ["k"] = "v" };
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "a", "default", cancellationToken: cts.Token);
        var stale = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "a", "default", cancellationToken: cts.Token));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal(1, server.Faults.Count("create", "configmaps"));
        Assert.Equal(1, server.Faults.Count("get", "configmaps"));
        Assert.Equal(2, server.Faults.Count("update", "configmaps"));
        Assert.Equal("Conflict", JsonNode.Parse(stale.Response.Content)!["reason"]!.GetValue<string>());
    }
}
