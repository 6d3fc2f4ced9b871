using System.Text.Json.Nodes;
using static Sluice.Testing.ApiServer.Tests.ClusterObjects;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>The endpoints and endpointslice controllers: Endpoints and EndpointSlices of Services with a selector follow the pods.</summary>
public sealed class EndpointsTests : RawApiTest
{
    private const string Endpoints = Namespace + "/endpoints";

    private static JsonObject App(string app) => new() { ["app"] = app };

    [Fact]
    public async Task Endpoints_follow_pod_ip_readiness_phase_and_deletion()
    {
        await ServiceAsync(Api, "web", App("web"), Ports(("http", 80, "http")), Token);
        await PodAsync(Api, "web-a", "web", Token, ("http", 8080));
        await PodAsync(Api, "web-b", "web", Token, ("http", 8080));
        var ep = await WaitAsync(Api, $"{Endpoints}/web", e => e is not null, Token);
        Assert.Null(ep!["subsets"]);

        await SetStatusAsync(Api, "web-a", "127.0.0.2", ready: true, Token);
        await SetStatusAsync(Api, "web-b", "127.0.0.3", ready: false, Token);
        ep = await WaitAsync(Api, $"{Endpoints}/web", e => e?["subsets"]?[0]?["notReadyAddresses"] is not null, Token);
        var subset = Assert.Single(ep!["subsets"]!.AsArray())!;
        Assert.Equal(["127.0.0.2"], Ips(subset["addresses"]));
        Assert.Equal(["127.0.0.3"], Ips(subset["notReadyAddresses"]));
        Assert.Equal("""[{"name":"http","port":8080,"protocol":"TCP"}]""", subset["ports"]!.ToJsonString());
        var target = subset["addresses"]![0]!["targetRef"]!;
        Assert.Equal(("Pod", "default", "web-a"), (target["kind"]!.GetValue<string>(), target["namespace"]!.GetValue<string>(), target["name"]!.GetValue<string>()));
        Assert.NotNull(Meta(ep)["annotations"]?["endpoints.kubernetes.io/last-change-trigger-time"]);

        await SetStatusAsync(Api, "web-b", "127.0.0.3", ready: true, Token);
        await WaitAsync(Api, $"{Endpoints}/web", e => Ips(e?["subsets"]?[0]?["addresses"]).Count == 2 && e?["subsets"]?[0]?["notReadyAddresses"] is null, Token);

        // A terminal pod leaves, whatever its Ready condition says.
        await SetStatusAsync(Api, "web-a", "127.0.0.2", ready: true, Token, phase: "Succeeded");
        await WaitAsync(Api, $"{Endpoints}/web", e => Ips(e?["subsets"]?[0]?["addresses"]) is ["127.0.0.3"], Token);

        await Api.DeleteAsync($"{Namespace}/pods/web-b", ct: Token);
        await WaitAsync(Api, $"{Endpoints}/web", e => e is not null && e["subsets"] is null, Token);

        await Api.DeleteAsync($"{Namespace}/services/web", ct: Token);
        await WaitAsync(Api, $"{Endpoints}/web", e => e is null, Token);
        Assert.Empty(await SlicesAsync(Api, "web", Token));
    }

    [Fact]
    public async Task Slices_resolve_named_target_ports_per_pod_and_carry_conditions_owner_and_labels()
    {
        var service = await ServiceAsync(Api, "api", App("api"), Ports(("http", 80, "http"), ("metrics", 9090, 9100)), Token);
        await PodAsync(Api, "api-a", "api", Token, ("http", 8080));
        await PodAsync(Api, "api-b", "api", Token, ("http", 8081));
        await PodAsync(Api, "api-c", "api", Token, (null, 7000));
        await SetStatusAsync(Api, "api-a", "127.0.0.2", ready: true, Token);
        await SetStatusAsync(Api, "api-b", "127.0.0.3", ready: true, Token);
        await SetStatusAsync(Api, "api-c", "127.0.0.4", ready: false, Token);

        // One slice per distinct set of ports: api-c lacks the port named http, so it only serves the numbered one.
        var slices = await WaitSlicesAsync(Api, "api", s => s.Count == 3 && s.All(x => x["endpoints"] is JsonArray { Count: 1 }), Token);
        string PortsOf(JsonObject s) => string.Join(",", s["ports"]!.AsArray().Select(p => $"{p!["name"]}:{p["port"]}/{p["protocol"]}").Order(StringComparer.Ordinal));
        var byPod = slices.ToDictionary(s => s["endpoints"]![0]!["targetRef"]!["name"]!.GetValue<string>());
        Assert.Equal("http:8080/TCP,metrics:9100/TCP", PortsOf(byPod["api-a"]));
        Assert.Equal("http:8081/TCP,metrics:9100/TCP", PortsOf(byPod["api-b"]));
        Assert.Equal("metrics:9100/TCP", PortsOf(byPod["api-c"]));
        Assert.Equal("""{"ready":true,"serving":true,"terminating":false}""", byPod["api-a"]["endpoints"]![0]!["conditions"]!.ToJsonString());
        Assert.Equal("""{"ready":false,"serving":false,"terminating":false}""", byPod["api-c"]["endpoints"]![0]!["conditions"]!.ToJsonString());
        Assert.Equal("""["127.0.0.2"]""", byPod["api-a"]["endpoints"]![0]!["addresses"]!.ToJsonString());
        foreach (var slice in slices)
        {
            Assert.Equal("IPv4", slice["addressType"]!.GetValue<string>());
            Assert.StartsWith("api-", Meta(slice)["name"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("endpointslice-controller.k8s.io", Meta(slice)["labels"]!["endpointslice.kubernetes.io/managed-by"]!.GetValue<string>());
            var owner = Assert.Single(Meta(slice)["ownerReferences"]!.AsArray())!;
            Assert.Equal(
                $$"""{"apiVersion":"v1","kind":"Service","name":"api","uid":"{{Meta(service)["uid"]}}","controller":true,"blockOwnerDeletion":true}""",
                owner.ToJsonString());
        }

        // The Endpoints group addresses by the ports they offer: three subsets, api-c only under the numbered port.
        var ep = (await WaitAsync(Api, $"{Endpoints}/api", e => e?["subsets"] is JsonArray { Count: 3 }, Token))!;
        var subsets = ep["subsets"]!.AsArray().Select(s => $"{string.Join("+", Ips(s!["addresses"]).Concat(Ips(s["notReadyAddresses"]).Select(ip => ip + "?")))}@{string.Join("+", s["ports"]!.AsArray().Select(p => p!["port"]!.ToJsonString()))}").Order(StringComparer.Ordinal);
        Assert.Equal(["127.0.0.2+127.0.0.3+127.0.0.4?@9100", "127.0.0.2@8080", "127.0.0.3@8081"], subsets);

        // The garbage collector removes the slices with their Service.
        await Api.DeleteAsync($"{Namespace}/services/api", ct: Token);
        await WaitSlicesAsync(Api, "api", s => s.Count == 0, Token);
    }

    [Fact]
    public async Task A_service_without_pods_has_empty_endpoints_and_one_placeholder_slice()
    {
        await ServiceAsync(Api, "idle", App("idle"), Ports(("http", 80, 8080)), Token);
        var ep = await WaitAsync(Api, $"{Endpoints}/idle", e => e is not null, Token);
        Assert.Null(ep!["subsets"]);
        var slice = Assert.Single(await WaitSlicesAsync(Api, "idle", s => s.Count > 0, Token));
        Assert.Equal("null", JsonValueKind(slice, "endpoints"));
        Assert.Equal("null", JsonValueKind(slice, "ports"));
    }

    [Fact]
    public async Task A_terminating_pod_leaves_the_endpoints_but_stays_in_its_slice_as_terminating()
    {
        await ServiceAsync(Api, "web", App("web"), Ports(("http", 80, 8080)), Token);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "web-a", ["labels"] = App("web"), ["finalizers"] = new JsonArray("test/hold") },
            ["spec"] = new JsonObject { ["nodeName"] = "node-1", ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "app:1" }) },
        };
        Assert.Equal(201, (await Api.PostAsync($"{Namespace}/pods", pod, Token)).Code);
        await SetStatusAsync(Api, "web-a", "127.0.0.2", ready: true, Token);
        var ep = await WaitAsync(Api, $"{Endpoints}/web", e => e?["subsets"] is not null, Token);
        Assert.Equal("node-1", ep!["subsets"]![0]!["addresses"]![0]!["nodeName"]!.GetValue<string>());

        // Grace 0: node-1 has no kubelet, so a graceful delete would wait for one forever (as on a real cluster).
        Assert.Equal(202, (await Api.DeleteAsync($"{Namespace}/pods/web-a", JsonNode.Parse("""{"gracePeriodSeconds":0}"""), ct: Token)).Code);
        await WaitAsync(Api, $"{Endpoints}/web", e => e is not null && e["subsets"] is null, Token);
        var slice = Assert.Single(await WaitSlicesAsync(Api, "web", s => s.Count == 1 && s[0]["endpoints"]?[0]?["conditions"]?["terminating"]?.GetValue<bool>() == true, Token));
        Assert.Equal("""{"ready":false,"serving":true,"terminating":true}""", slice["endpoints"]![0]!["conditions"]!.ToJsonString());
        Assert.Equal("node-1", slice["endpoints"]![0]!["nodeName"]!.GetValue<string>());

        await Api.PatchAsync($"{Namespace}/pods/web-a", JsonNode.Parse("""{"metadata":{"finalizers":null}}""")!, ct: Token);
        await WaitSlicesAsync(Api, "web", s => s.Count == 1 && s[0]["endpoints"] is null, Token);
    }

    [Fact]
    public async Task Nothing_is_written_when_a_pod_change_does_not_change_the_endpoints()
    {
        await ServiceAsync(Api, "web", App("web"), Ports(("http", 80, 8080)), Token);
        await PodAsync(Api, "web-a", "web", Token, ("http", 8080));
        await SetStatusAsync(Api, "web-a", "127.0.0.2", ready: true, Token);
        var ep = (await WaitAsync(Api, $"{Endpoints}/web", e => e?["subsets"] is not null, Token))!;
        var slice = (await WaitSlicesAsync(Api, "web", s => s.Count == 1 && s[0]["endpoints"] is not null, Token))[0];

        await Api.PatchAsync($"{Namespace}/pods/web-a", JsonNode.Parse("""{"metadata":{"annotations":{"touched":"yes"}}}""")!, ct: Token);
        await Api.PatchAsync($"{Namespace}/pods/web-a/status", JsonNode.Parse("""{"status":{"message":"still fine"}}""")!, ct: Token);
        var other = await Api.PostAsync($"{Namespace}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "marker" } }, Token);
        Assert.Equal(201, other.Code);

        Assert.Equal(Meta(ep)["resourceVersion"]!.ToJsonString(), Meta((await Api.GetAsync($"{Endpoints}/web", Token)).Body)["resourceVersion"]!.ToJsonString());
        Assert.Equal(Meta(slice)["resourceVersion"]!.ToJsonString(), Meta((await SlicesAsync(Api, "web", Token))[0])["resourceVersion"]!.ToJsonString());
    }

    [Fact]
    public async Task A_service_without_selector_keeps_its_user_endpoints_and_gets_no_slices()
    {
        await ServiceAsync(Api, "external", selector: null, Ports(("http", 80, 8080)), Token);
        var user = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "external" },
            ["subsets"] = JsonNode.Parse("""[{"addresses":[{"ip":"10.1.2.3"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]"""),
        };
        var (code, created) = await Api.PostAsync(Endpoints, user, Token);
        Assert.Equal(201, code);
        await PodAsync(Api, "external-a", "external", Token, ("http", 8080));
        await SetStatusAsync(Api, "external-a", "127.0.0.2", ready: true, Token);

        var now = (await Api.GetAsync($"{Endpoints}/external", Token)).Body;
        Assert.Equal(Meta(created)["resourceVersion"]!.ToJsonString(), Meta(now)["resourceVersion"]!.ToJsonString());
        Assert.Empty(await SlicesAsync(Api, "external", Token));
    }

    [Fact]
    public async Task Deleted_endpoints_come_back_and_a_headless_service_labels_them()
    {
        var labels = new JsonObject { ["app"] = "db", ["tier"] = "data" };
        var (code, body) = await Api.PostAsync($"{Namespace}/services", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "db", ["labels"] = labels },
            ["spec"] = new JsonObject { ["clusterIP"] = "None", ["selector"] = App("db"), ["ports"] = Ports(("pg", 5432, 5432)), ["ipFamilies"] = new JsonArray("IPv4") },
        }, Token);
        Assert.True(code == 201, body.ToJsonString());
        var ep = (await WaitAsync(Api, $"{Endpoints}/db", e => e is not null, Token))!;
        Assert.Equal("""{"app":"db","tier":"data","service.kubernetes.io/headless":""}""", Meta(ep)["labels"]!.ToJsonString());
        var slice = (await WaitSlicesAsync(Api, "db", s => s.Count == 1, Token))[0];
        Assert.Equal("", Meta(slice)["labels"]!["service.kubernetes.io/headless"]!.GetValue<string>());
        Assert.Equal("data", Meta(slice)["labels"]!["tier"]!.GetValue<string>());

        await Api.DeleteAsync($"{Endpoints}/db", ct: Token);
        var back = (await WaitAsync(Api, $"{Endpoints}/db", e => e is not null, Token))!;
        Assert.NotEqual(Meta(ep)["uid"]!.ToJsonString(), Meta(back)["uid"]!.ToJsonString());
    }

    [Fact]
    public async Task Kubectl_prints_endpoints_and_endpointslices_as_kube_does()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-endpoints-").FullName;
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            Server.WriteKubeconfig(kubeconfig);
            var kubectl = new Kubectl(kubeconfig, dir);
            await ServiceAsync(Api, "web", App("web"), Ports(("http", 80, "http")), Token);
            await PodAsync(Api, "web-a", "web", Token, ("http", 8080));
            await PodAsync(Api, "web-b", "web", Token, ("http", 8080));
            await SetStatusAsync(Api, "web-a", "127.0.0.2", ready: true, Token);
            await SetStatusAsync(Api, "web-b", "127.0.0.3", ready: true, Token);
            await WaitAsync(Api, $"{Endpoints}/web", e => Ips(e?["subsets"]?[0]?["addresses"]).Count == 2, Token);

            Assert.Matches(@"NAME\s+ENDPOINTS\s+AGE\s*\nweb\s+127\.0\.0\.2:8080,127\.0\.0\.3:8080\s+\d+s", await kubectl.OkAsync("get endpoints", Token));
            Assert.Matches(@"NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\s*\nweb-\w{5}\s+IPv4\s+8080\s+127\.0\.0\.[23],127\.0\.0\.[23]\s+\d+s",
                await kubectl.OkAsync("get endpointslices -l kubernetes.io/service-name=web", Token));
            await ServiceAsync(Api, "idle", App("idle"), Ports(("http", 80, 8080)), Token);
            await WaitSlicesAsync(Api, "idle", s => s.Count == 1, Token);
            Assert.Matches(@"idle\s+<none>\s+\d+s", await kubectl.OkAsync("get endpoints idle", Token));
            Assert.Matches(@"idle-\w{5}\s+IPv4\s+<unset>\s+<unset>\s+\d+s", await kubectl.OkAsync("get endpointslices -l kubernetes.io/service-name=idle", Token));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static JsonObject Meta(JsonObject obj) => obj["metadata"]!.AsObject();

    private static string JsonValueKind(JsonObject obj, string field) => obj.ContainsKey(field) && obj[field] is null ? "null" : obj[field]?.ToJsonString() ?? "missing";
}
