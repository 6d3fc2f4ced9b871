using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// One probe of a container (pkg/kubelet/prober): httpGet succeeds on a status from 200 to 399, tcpSocket when a
/// connection opens, both within timeoutSeconds and on the pod's IP unless the probe names a host.
/// </summary>
internal sealed record Probe(string Kind, string? Scheme, string? Host, int Port, string Path, IReadOnlyList<(string Name, string Value)> Headers,
    TimeSpan InitialDelay, TimeSpan Period, TimeSpan Timeout, int SuccessThreshold, int FailureThreshold)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = true, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    /// <summary>The probe of a container spec field, or null when it has none; defaults from pkg/apis/core/v1/defaults.go SetDefaults_Probe.</summary>
    public static Probe? From(JsonObject container, string field)
    {
        if (container[field] is not JsonObject spec)
        {
            return null;
        }

        var seconds = (string name, double fallback) => TimeSpan.FromSeconds(Meta.Number(spec[name]) ?? fallback);
        var (kind, action) = spec["httpGet"] is JsonObject h ? ("httpGet", h) : spec["tcpSocket"] is JsonObject t ? ("tcpSocket", t) : ("", null);
        if (action is null)
        {
            throw new ContainerConfigException($"{field}: only httpGet and tcpSocket probes are supported by the test kubelet");
        }

        var port = ResolvePort(container, action["port"], field);
        var headers = (action["httpHeaders"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(x => (x["name"]?.GetValue<string>() ?? "", x["value"]?.GetValue<string>() ?? "")).ToList();
        var successThreshold = (int)(Meta.Number(spec["successThreshold"]) ?? 1);
        return new Probe(kind, action["scheme"]?.GetValue<string>(), action["host"]?.GetValue<string>(), port, action["path"]?.GetValue<string>() ?? "/", headers,
            seconds("initialDelaySeconds", 0), seconds("periodSeconds", 10), seconds("timeoutSeconds", 1),
            successThreshold, (int)(Meta.Number(spec["failureThreshold"]) ?? 3));
    }

    /// <summary>Runs the probe once against <paramref name="podIp"/>: null on success, else why it failed (the kubelet's event text).</summary>
    public async Task<string?> RunAsync(string podIp, CancellationToken ct)
    {
        var host = Host ?? podIp;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            if (Kind == "tcpSocket")
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, Port, timeout.Token).ConfigureAwait(false);
                return null;
            }

            var scheme = (Scheme ?? "HTTP").ToLowerInvariant();
            var url = $"{scheme}://{host}:{Port.ToString(CultureInfo.InvariantCulture)}{(Path.StartsWith('/') ? Path : "/" + Path)}";
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.32");
            foreach (var (name, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? null : $"HTTP probe failed with statuscode: {code}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Kind == "tcpSocket"
                ? $"dial tcp {host}:{Port}: i/o timeout"
                : $"Get \"{(Scheme ?? "HTTP").ToLowerInvariant()}://{host}:{Port}{Path}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            var inner = e.InnerException as SocketException ?? e as SocketException;
            var reason = inner?.SocketErrorCode == SocketError.ConnectionRefused ? "connect: connection refused" : e.Message;
            return Kind == "tcpSocket"
                ? $"dial tcp {host}:{Port}: {reason}"
                : $"Get \"{(Scheme ?? "HTTP").ToLowerInvariant()}://{host}:{Port}{Path}\": dial tcp {host}:{Port}: {reason}";
        }
    }

    private static int ResolvePort(JsonObject container, JsonNode? port, string field)
    {
        if (Meta.Number(port) is { } number)
        {
            return (int)number;
        }

        var name = port?.GetValue<string>() ?? "";
        foreach (var p in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (p["name"]?.GetValue<string>() == name && Meta.Number(p["containerPort"]) is { } containerPort)
            {
                return (int)containerPort;
            }
        }

        return int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new ContainerConfigException($"{field}: port \"{name}\" is not a number or the name of one of the container's ports");
    }
}
