using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using static Sluice.Testing.ApiServer.Tests.ClusterObjects;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// The services/NAME/proxy and pods/NAME/proxy subresources against real HTTP servers on the pods' loopback IPs:
/// Service "web" selects pods web-a (127.0.0.2) and web-b (127.0.0.3), whose container port "http" is each
/// backend's own port, so the Service's named targetPort resolves per pod.
/// </summary>
public sealed class ServiceProxyTests : RawApiTest
{
    private const string WebProxy = Namespace + "/services/web:http/proxy";
    private PodBackend a = null!;
    private PodBackend b = null!;
    private HttpClient http = null!;

    protected override async Task StartedAsync()
    {
        a = await PodBackend.StartAsync("127.0.0.2", "web-a", Token);
        b = await PodBackend.StartAsync("127.0.0.3", "web-b", Token);
        http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Server.Url), Timeout = TimeSpan.FromSeconds(20) };
        await ServiceAsync(Api, "web", new JsonObject { ["app"] = "web" }, Ports(("http", 80, "http")), Token);
        await PodAsync(Api, "web-a", "web", Token, ("http", a.Port));
        await PodAsync(Api, "web-b", "web", Token, ("http", b.Port));
        await SetStatusAsync(Api, "web-a", a.Ip, ready: true, Token);
        await SetStatusAsync(Api, "web-b", b.Ip, ready: true, Token);
        await WaitAsync(Api, $"{Namespace}/endpoints/web", e => ReadyIps(e).Count == 2, Token);
    }

    protected override async Task StoppingAsync()
    {
        http?.Dispose();
        if (a is not null)
        {
            await a.DisposeAsync();
        }
        if (b is not null)
        {
            await b.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Code, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? setup = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        setup?.Invoke(request);
        var response = await http.SendAsync(request, Token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Token), response);
    }

    private static JsonObject Json(string body) => JsonNode.Parse(body)!.AsObject();

    /// <summary>The ready addresses of all subsets (each pod has its own port here, so each is a subset of its own).</summary>
    private static List<string> ReadyIps(JsonObject? endpoints) => (endpoints?["subsets"] as JsonArray ?? []).SelectMany(s => Ips(s?["addresses"])).ToList();

    [Fact]
    public async Task Requests_reach_every_ready_pod_by_port_name_or_number()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var (code, body, _) = await SendAsync(HttpMethod.Get, $"{WebProxy}/hello");
            Assert.Equal(HttpStatusCode.OK, code);
            seen.Add(Json(body)["pod"]!.GetValue<string>());
        }
        Assert.Equal(["web-a", "web-b"], seen.Order(StringComparer.Ordinal));
        var (byNumber, numbered, _) = await SendAsync(HttpMethod.Get, $"{Namespace}/services/web:80/proxy/hello");
        Assert.Equal(HttpStatusCode.OK, byNumber);
        Assert.Equal("/hello", Json(numbered)["target"]!.GetValue<string>());

        // Only an unnamed Service port matches an id without a port, as in kube: this Service's port is named.
        var (unnamed, status, _) = await SendAsync(HttpMethod.Get, $"{Namespace}/services/web/proxy/hello");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unnamed);
        Assert.Equal("no endpoints available for service \"web\"", Json(status)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Method_body_query_and_headers_pass_through_minus_hop_by_hop_and_authorization()
    {
        var payload = """{"inputs":[1,2,3]}""";
        var (code, body, response) = await SendAsync(HttpMethod.Post, $"{WebProxy}/v2/models/m/infer?status=201&x=a%20b", new StringContent(payload, Encoding.UTF8, "application/json"), r =>
        {
            r.Headers.TryAddWithoutValidation("X-Custom", "kept");
            r.Headers.TryAddWithoutValidation("Authorization", "Bearer secret");
            r.Headers.TryAddWithoutValidation("Connection", "X-Hop");
            r.Headers.TryAddWithoutValidation("X-Hop", "dropped");
        });
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.True(response.Headers.Contains("X-Backend"));
        var echo = Json(body);
        Assert.Equal("POST", echo["method"]!.GetValue<string>());
        Assert.Equal("/v2/models/m/infer?status=201&x=a%20b", echo["target"]!.GetValue<string>());
        Assert.Equal(payload, echo["body"]!.GetValue<string>());
        var headers = echo["headers"]!.AsObject();
        Assert.Equal("kept", headers["x-custom"]!.GetValue<string>());
        Assert.StartsWith("application/json", headers["content-type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(headers.ContainsKey("authorization"));
        Assert.False(headers.ContainsKey("x-hop"));
        Assert.Equal("127.0.0.1", headers["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal($"{WebProxy}/v2/models/m/infer", headers["x-forwarded-uri"]!.GetValue<string>());
        Assert.Equal(new Uri(Server.Url).Authority, headers["host"]!.GetValue<string>());

        var (_, _, cors) = await SendAsync(HttpMethod.Get, $"{WebProxy}/cors");
        Assert.False(cors.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("yes", cors.Headers.GetValues("X-Kept").Single());
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        {
            var (ok, echoed, _) = await SendAsync(method, $"{WebProxy}/item", new StringContent("x"));
            Assert.Equal(HttpStatusCode.OK, ok);
            Assert.Equal(method.Method, Json(echoed)["method"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Without_a_ready_endpoint_the_proxy_answers_503_as_kube_does()
    {
        await SetStatusAsync(Api, "web-a", a.Ip, ready: false, Token);
        await SetStatusAsync(Api, "web-b", b.Ip, ready: false, Token);
        await WaitAsync(Api, $"{Namespace}/endpoints/web", e => e is not null && ReadyIps(e).Count == 0, Token);
        var (code, body, _) = await SendAsync(HttpMethod.Get, $"{WebProxy}/hello");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        var status = Json(body);
        Assert.Equal(("Status", "Failure", "ServiceUnavailable", 503), (status["kind"]!.GetValue<string>(), status["status"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
        Assert.Equal("no endpoints available for service \"web:http\"", status["message"]!.GetValue<string>());

        await ServiceAsync(Api, "empty", new JsonObject { ["app"] = "none" }, Ports(("http", 80, 8080)), Token);
        await WaitAsync(Api, $"{Namespace}/endpoints/empty", e => e is not null, Token);
        (code, body, _) = await SendAsync(HttpMethod.Get, $"{Namespace}/services/empty:http/proxy/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("no endpoints available for service \"empty\"", Json(body)["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("services/nope:http/proxy/", 404, "endpoints \"nope\" not found")]
    [InlineData("services/nope:80/proxy/", 404, "services \"nope\" not found")]
    [InlineData("services/web:81/proxy/", 503, "no service port 81 found for service \"web\"")]
    [InlineData("services/ftp:web:http/proxy/", 400, "invalid service request \"ftp:web:http\"")]
    [InlineData("pods/nope/proxy/", 404, "pods \"nope\" not found")]
    public async Task Unknown_targets_answer_the_status_kube_answers(string path, int expected, string message)
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, $"{Namespace}/{path}");
        Assert.Equal(expected, (int)code);
        Assert.Equal(message, Json(body)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_backend_that_refuses_the_connection_is_503_error_trying_to_reach_service()
    {
        await SetStatusAsync(Api, "web-a", a.Ip, ready: false, Token);
        await WaitAsync(Api, $"{Namespace}/endpoints/web", e => ReadyIps(e) is ["127.0.0.3"], Token);
        var port = b.Port;
        await b.DisposeAsync();
        var (code, body, _) = await SendAsync(HttpMethod.Get, $"{WebProxy}/hello");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal($"error trying to reach service: dial tcp 127.0.0.3:{port}: connect: connection refused", Json(body)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_pod_proxy_reaches_one_pod_on_its_first_container_port_or_the_one_named()
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, $"{Namespace}/pods/web-a/proxy/x?y=1");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("web-a", "/x?y=1"), (Json(body)["pod"]!.GetValue<string>(), Json(body)["target"]!.GetValue<string>()));
        (code, body, _) = await SendAsync(HttpMethod.Post, $"{Namespace}/pods/http:web-b:{b.Port}/proxy/", new StringContent("hi"));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("web-b", "/", "hi"), (Json(body)["pod"]!.GetValue<string>(), Json(body)["target"]!.GetValue<string>(), Json(body)["body"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Responses_stream_and_redirects_stay_behind_the_proxy()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{Namespace}/pods/web-a/proxy/stream"))
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
            // The backend holds "second" until the test has read "first": a buffering proxy would time out here.
            Assert.Equal("first", await reader.ReadLineAsync(Token));
            a.ReleaseStream();
            Assert.Equal("second", await reader.ReadLineAsync(Token));
        }
        var (code, _, redirect) = await SendAsync(HttpMethod.Get, $"{WebProxy}/redirect");
        Assert.Equal(HttpStatusCode.Found, code);
        Assert.Equal($"{WebProxy}/target?from=redirect", redirect.Headers.Location!.OriginalString);
        (code, _, redirect) = await SendAsync(HttpMethod.Get, $"{WebProxy}?q=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, code);
        Assert.Equal($"{WebProxy}/?q=1", redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Kubectl_get_raw_kubectl_proxy_and_the_csharp_client_go_through_the_service_proxy()
    {
        var dir = Directory.CreateTempSubdirectory("sluice-proxy-").FullName;
        Process? proxy = null;
        try
        {
            var kubeconfig = Path.Combine(dir, "kubeconfig");
            Server.WriteKubeconfig(kubeconfig);
            var raw = await new Kubectl(kubeconfig, dir).OkAsync($"get --raw {WebProxy}/hello", Token);
            Assert.Contains("\"target\":\"/hello\"", raw, StringComparison.Ordinal);

            using var client = Server.CreateClient();
            await using var stream = await client.CoreV1.ConnectGetNamespacedServiceProxyWithPathAsync("web:http", "default", "v2/health", cancellationToken: Token);
            using var reader = new StreamReader(stream);
            Assert.Contains("\"target\":\"/v2/health\"", await reader.ReadToEndAsync(Token), StringComparison.Ordinal);

            var psi = new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "proxy", "--port=0"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            proxy = Process.Start(psi)!;
            var line = await proxy.StandardOutput.ReadLineAsync(Token) ?? "";
            var address = System.Text.RegularExpressions.Regex.Match(line, @"127\.0\.0\.1:\d+").Value;
            Assert.True(address.Length > 0, line);
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var viaProxy = await plain.GetStringAsync($"http://{address}{WebProxy}/through/kubectl", Token);
            Assert.Contains("\"target\":\"/through/kubectl\"", viaProxy, StringComparison.Ordinal);
        }
        finally
        {
            if (proxy is not null)
            {
                proxy.Kill(entireProcessTree: true);
                await proxy.WaitForExitAsync(Token);
                proxy.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }
}
