using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// ClusterIPs and NodePorts come from one server's pools (10.96.0.0/12, 30000-32767) as kube-apiserver's service
/// storage hands them out: requested ones honoured, taken ones refused, released with the Service, immutable.
/// </summary>
public sealed class ServiceAllocationTests : RawApiTest
{
    private const string Services = "/api/v1/namespaces/default/services";

    private static JsonObject Service(string name, string? clusterIp = null, string? type = null, bool selector = true)
    {
        var spec = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80 }) };
        if (selector)
        {
            spec["selector"] = new JsonObject { ["app"] = name };
        }
        if (clusterIp is not null)
        {
            spec["clusterIP"] = clusterIp;
        }
        if (type is not null)
        {
            spec["type"] = type;
        }
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private static string Ip(JsonObject service) => service["spec"]!["clusterIP"]!.GetValue<string>();

    [Fact]
    public async Task Services_get_distinct_addresses_and_a_requested_one_is_honoured_once()
    {
        var (_, a) = await Api.PostAsync(Services, Service("a"), Token);
        var (_, b) = await Api.PostAsync(Services, Service("b"), Token);
        Assert.NotEqual(Ip(a), Ip(b));
        var (code, c) = await Api.PostAsync(Services, Service("c", "10.96.0.10"), Token);
        Assert.Equal(201, code);
        Assert.Equal("""["10.96.0.10"]""", c["spec"]!["clusterIPs"]!.ToJsonString());

        var (refused, status) = await Api.PostAsync(Services, Service("d", "10.96.0.10"), Token);
        Assert.Equal(422, refused);
        Assert.Equal("Service \"d\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated",
            status["message"]!.GetValue<string>());
        var (outside, message) = await Api.PostAsync(Services, Service("e", "192.168.1.1"), Token);
        Assert.Equal(422, outside);
        Assert.Contains("the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12", message["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_service_releases_its_address()
    {
        await Api.PostAsync(Services, Service("a", "10.100.0.7"), Token);
        await Api.DeleteAsync($"{Services}/a", ct: Token);
        var (code, again) = await Api.PostAsync(Services, Service("b", "10.100.0.7"), Token);
        Assert.True(code == 201, again.ToJsonString());
    }

    [Fact]
    public async Task A_cluster_ip_is_kept_when_an_update_omits_it_and_refused_when_it_changes()
    {
        var (_, created) = await Api.PostAsync(Services, Service("a"), Token);
        var resent = Service("a");
        resent["spec"]!["ports"]![0]!["port"] = 81;
        var (_, updated) = await Api.PutAsync($"{Services}/a", resent, Token);
        Assert.Equal(Ip(created), Ip(updated));
        Assert.Equal(81, (int)updated["spec"]!["ports"]![0]!["targetPort"]!);

        var moved = Service("a", "10.96.0.20");
        var (code, status) = await Api.PutAsync($"{Services}/a", moved, Token);
        Assert.Equal(422, code);
        Assert.Equal("Service \"a\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.20\"}: may not change once set", status["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true, "SingleStack", """["IPv4"]""")]
    [InlineData(false, "RequireDualStack", """["IPv4","IPv6"]""")]
    public async Task Headless_services_get_no_address(bool selector, string policy, string families)
    {
        var (_, created) = await Api.PostAsync(Services, Service("h", "None", selector: selector), Token);
        Assert.Equal("None", Ip(created));
        Assert.Equal("""["None"]""", created["spec"]!["clusterIPs"]!.ToJsonString());
        Assert.Equal(policy, created["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal(families, created["spec"]!["ipFamilies"]!.ToJsonString());
    }

    [Fact]
    public async Task Node_ports_are_allocated_kept_and_released()
    {
        var (_, created) = await Api.PostAsync(Services, Service("np", type: "NodePort"), Token);
        var port = (int)created["spec"]!["ports"]![0]!["nodePort"]!;
        Assert.InRange(port, 30000, 32767);
        Assert.Equal("Cluster", created["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        var (_, updated) = await Api.PutAsync($"{Services}/np", Service("np", type: "NodePort"), Token);
        Assert.Equal(port, (int)updated["spec"]!["ports"]![0]!["nodePort"]!);

        var taken = Service("other", type: "NodePort");
        taken["spec"]!["ports"]![0]!["nodePort"] = port;
        var (code, status) = await Api.PostAsync(Services, taken, Token);
        Assert.Equal(422, code);
        Assert.Equal($"Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: {port}: provided port is already allocated", status["message"]!.GetValue<string>());
        await Api.DeleteAsync($"{Services}/np", ct: Token);
        Assert.Equal(201, (await Api.PostAsync(Services, taken, Token)).Code);
    }

    [Fact]
    public async Task External_name_services_have_no_address_and_no_families()
    {
        var external = Service("ext", type: "ExternalName", selector: false);
        external["spec"]!["externalName"] = "db.example.com";
        var (_, created) = await Api.PostAsync(Services, external, Token);
        Assert.Null(created["spec"]!["clusterIP"]);
        Assert.Null(created["spec"]!["ipFamilies"]);
        Assert.Null(created["spec"]!["internalTrafficPolicy"]);
    }
}
