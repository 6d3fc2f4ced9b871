using k8s;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer;

namespace Sluice.Cli.Tests;

/// <summary>
/// A canary on a Gateway API HTTPRoute, on the process kubelet with real <c>sluice serve</c> pods and a gateway that
/// accepts each route generation and then routes requests by its weights (<see cref="FakeGateway"/>): the person's
/// route to the model's Service becomes one to v1's; v2 walks 25% → 75% → 100% by the route's weights, waiting at a
/// step while the gateway has not accepted it, with Stable at full size; the route's other rule is never touched; an
/// aborted v3 gives its weight back before it loses its pods. No request fails along the way.
/// </summary>
[Collection(ProcessClusters.Name)]
public sealed class GatewayRolloutOnClusterTests
{
    private const string Route = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: cancer}
        spec:
          parentRefs: [{name: public}]
          hostnames: [cancer.example.com]
          rules:
          - matches: [{path: {type: PathPrefix, value: /v2/models/cancer}}]
            backendRefs: [{name: cancer, port: 80}]
          - matches: [{path: {type: PathPrefix, value: /docs}}]
            backendRefs: [{name: docs, port: 8080, weight: 3}]
        """;

    private static string Version(string version, string file, string steps) =>
        CancerVersion.Yaml(version, file, steps, more: "    trafficRouting:\n      gatewayAPI: {httpRoute: cancer}");

    [Fact]
    public async Task The_route_weights_walk_the_steps_once_the_gateway_accepts_each_and_an_abort_gives_the_weight_back()
    {
        await using var cluster = await ProcessCluster.StartAsync(TimeSpan.FromSeconds(300));
        await using var sluice = await ServingOperator.StartAsync(cluster);
        await cluster.KubectlAsync("apply", "-f", "tests/testdata/gateway-api/httproutes.yaml");
        await cluster.KubectlAsync("wait", "--for=condition=Established", "crd/httproutes.gateway.networking.k8s.io", "--timeout=30s");
        await sluice.ApplyAsync(Route);
        await using var gateway = FakeGateway.Start(cluster, "public");
        using var http = new HttpClient { BaseAddress = new Uri(cluster.Server.Url), Timeout = TimeSpan.FromSeconds(20) };

        // v1: the person's backendRef to the model's Service goes to 0, then gives way to v1's Service.
        await sluice.ApplyAsync(Version("v1", "breast_cancer_mlp_v1.onnx", "[{setWeight: 25}, {pause: {duration: 3s}}, {setWeight: 75}, {pause: {duration: 3s}}]"));
        await sluice.WaitForRoleAsync("cancer-v1", "Stable");
        var route = await cluster.WaitAsync(() => RouteAsync(cluster), r => Backends(r, 0) == "cancer-v1:100", "the route to v1 alone");
        Assert.Equal("docs:3", Backends(route, 1));
        Assert.Contains(gateway.Accepted, w => w.GetValueOrDefault("cancer") == 0 && w.GetValueOrDefault("cancer-v1") == 100);
        Assert.Equal("cancer-v1", (await cluster.KubectlAsync("get", "service", "cancer", "-o", "jsonpath={.spec.selector.sluice\\.dev/version}")).Trim());
        await using var traffic = ServiceTraffic.Start(http, "cancer", token: cluster.Token, service: () => gateway.Pick("cancer"));
        await cluster.WaitAsync(() => Task.FromResult(traffic.Answers), a => a.GetValueOrDefault("v1") >= 10, "answered from v1 through the gateway");

        // v2's first weight is written but not accepted: the step waits and says why.
        gateway.Hold();
        await sluice.ApplyAsync(Version("v2", "breast_cancer_mlp_v2.onnx", "[{setWeight: 25}, {pause: {duration: 3s}}, {setWeight: 75}, {pause: {duration: 3s}}]"));
        // The route gives v2 its 25% once v2's pod is Ready (0 before), and the step waits for the gateway.
        await cluster.WaitAsync(() => RouteAsync(cluster), r => Backends(r, 0) == "cancer-v1:75 cancer-v2:25", "the route at 25%");
        var waiting = await sluice.WaitForAsync("cancer-v2", mv => ServingOperator.Str(ServingOperator.Condition(mv, "TrafficSplit") ?? new JsonObject(), "reason") == "RouteNotAccepted",
            "waited for the gateway");
        Assert.Equal(("0", "25"), (ServingOperator.Str(waiting, "status", "currentStepIndex"), ServingOperator.Str(waiting, "status", "canaryWeight")));
        Assert.Contains("has not seen generation", ServingOperator.Str(ServingOperator.Condition(waiting, "TrafficSplit")!, "message"), StringComparison.Ordinal);
        Assert.Equal("1/2", (await cluster.KubectlAsync("get", "deployment", "cancer-v2", "-o", "jsonpath={.spec.replicas}")).Trim() + "/"
            + (await cluster.KubectlAsync("get", "deployment", "cancer-v1", "-o", "jsonpath={.spec.replicas}")).Trim());
        await Task.Delay(1500, cluster.Token);
        Assert.Equal("0", ServingOperator.Str(await sluice.GetAsync("cancer-v2"), "status", "currentStepIndex"));
        gateway.Release();

        await sluice.WaitForRoleAsync("cancer-v2", "Stable");
        await sluice.WaitForRoleAsync("cancer-v1", "Retired");
        route = await cluster.WaitAsync(() => RouteAsync(cluster), r => Backends(r, 0) == "cancer-v2:100", "the route to v2 alone");
        Assert.Equal("docs:3", Backends(route, 1));
        var v2Weights = gateway.Accepted.Select(w => w.GetValueOrDefault("cancer-v2")).Where(w => w > 0).Distinct().ToList();
        Assert.Equal([25, 75, 100], v2Weights);
        Assert.Contains(gateway.Accepted, w => w.GetValueOrDefault("cancer-v1") == 0 && w.GetValueOrDefault("cancer-v2") == 100 && w.ContainsKey("cancer-v1"));
        Assert.Equal("cancer-v2", (await cluster.KubectlAsync("get", "service", "cancer", "-o", "jsonpath={.spec.selector.sluice\\.dev/version}")).Trim());
        var v2 = await sluice.GetAsync("cancer-v2");
        Assert.Contains((v2["status"]?["analysisHistory"] as JsonArray ?? []).OfType<JsonObject>(), a => a["result"]?.ToString() == "Passed");

        // v3 is aborted by hand at its first step: the route gives its weight back, then drops it.
        await sluice.ApplyAsync(Version("v3", "breast_cancer_mlp_v1.onnx", "[{setWeight: 25}, {pause: {}}]"));
        await sluice.WaitForAsync("cancer-v3", mv => ServingOperator.Str(mv, "status", "pausedReason") == "ManualGate", "paused cancer-v3 at its gate");
        Assert.Equal("cancer-v2:75 cancer-v3:25", Backends(await RouteAsync(cluster), 0));
        await sluice.SluiceAsync("abort", "cancer-v3");
        await sluice.WaitForAsync("cancer-v3", mv => ServingOperator.Str(mv, "status", "phase") == "Aborted", "aborted cancer-v3");
        await cluster.WaitAsync(() => RouteAsync(cluster), r => Backends(r, 0) == "cancer-v2:100", "the route to v2 alone again");
        Assert.Contains(gateway.Accepted, w => w.GetValueOrDefault("cancer-v2") == 100 && w.ContainsKey("cancer-v3"));
        await cluster.WaitAsync(() => cluster.KubectlAsync("get", "deployment", "cancer-v3", "-o", "jsonpath={.spec.replicas}"), r => r.Trim() == "0", "scaled v3 to zero");
        Assert.Contains("v3", traffic.Answers.Keys);
        Assert.True(traffic.Failures.Count == 0, $"{traffic.Failures.Count} failed requests: {string.Join("; ", traffic.Failures.Take(5))}");
    }

    private static async Task<JsonObject> RouteAsync(ProcessCluster cluster)
    {
        var route = await cluster.Client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>("gateway.networking.k8s.io", "v1", "default", "httproutes", "cancer",
            cancellationToken: cluster.Token);
        return JsonNode.Parse(route.GetRawText())!.AsObject();
    }

    /// <summary>A rule's backends as "name:weight" in order.</summary>
    private static string Backends(JsonObject route, int rule) =>
        string.Join(' ', (route["spec"]?["rules"]?[rule]?["backendRefs"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(b => $"{b["name"]}:{b["weight"]?.ToString() ?? "1"}"));
}
