using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// The proxy subresource of Services and Pods, as kube-apiserver serves it (pkg/registry/core/service/proxy.go,
/// pkg/registry/core/pod/rest/subresources.go, apimachinery util/proxy/upgradeaware.go and transport.go, Go's
/// httputil.ReverseProxy): one request to the resolved backend per request, body, query and headers passed through
/// and the response streamed back with its status and headers. Hop-by-hop headers go neither way; Authorization is
/// not forwarded (kube's authentication filter removes it); the backend sees the client's Host, X-Forwarded-For and
/// X-Forwarded-Uri; CORS headers of the backend are dropped and its redirects are rewritten to stay behind the proxy.
/// Not done: HTML link rewriting of text/html bodies and protocol upgrades (WebSockets, SPDY).
/// </summary>
internal sealed class ProxyEndpoint(ProxyTargets targets) : IDisposable
{
    /// <summary>The methods a proxy subresource accepts (ConnectMethods).</summary>
    private static readonly HashSet<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>net/http/httputil's hop-by-hop headers, removed from both the request and the response.</summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private static readonly HashSet<string> Cors = new(StringComparer.OrdinalIgnoreCase)
    {
        "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin",
    };

    /// <summary>kube-apiserver's proxy transport: a 30 s dial timeout, no redirects followed, backend certificates not verified.</summary>
    private readonly HttpMessageInvoker http = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
        ActivityHeadersPropagator = null,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    public static bool Serves(ApiRoute r) => r.Subresource == "proxy" && r.Name is not null && r.Type is { Group: "", Plural: "services" or "pods" };

    /// <summary>The RBAC verb of a proxy request, from its method (kube's RequestInfo for connect subresources).</summary>
    public static string VerbOf(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    public async Task HandleAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var method = ctx.Request.Method;
        if (!Methods.Contains(method))
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
        var target = r.Type.Plural == "services" ? targets.Service(r.Ns, r.Name!) : targets.Pod(r.Ns, r.Name!);
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // kube-apiserver limits the bodies it decodes, not the ones it proxies (model inputs can be large).
            limit.MaxRequestBodySize = null;
        }
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.Value ?? "";
        var rawPath = rawTarget.Split('?', 2)[0];
        var path = ProxyPaths.Forwarded(rawPath);
        if (path.Length == 0 && method is "GET" or "HEAD")
        {
            // proxyRedirectsforRootPath: the bare .../proxy redirects to .../proxy/ (issue 4958).
            ctx.Response.Headers.Location = ctx.Request.Path.Value + "/" + ctx.Request.QueryString.Value;
            ctx.Response.StatusCode = 301;
            return;
        }
        var scheme = target.Scheme.Length == 0 ? "http" : target.Scheme;
        var uri = new Uri($"{scheme}://{target.Authority}{ProxyPaths.Escape(path.Length == 0 ? "/" : path)}{ctx.Request.QueryString.Value}");
        var prefix = $"/api/v1/namespaces/{r.Ns}/{r.Type.Plural}/{r.Name}/proxy";
        using var request = Forward(ctx, uri, prefix + (path.Length == 0 ? "/" : path));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new ApiException(503, "ServiceUnavailable", $"error trying to reach service: {DialError(e, target.Authority)}");
        }
        using (response)
        {
            await RelayAsync(ctx, response, target.Authority, prefix, method == "HEAD", ct);
        }
    }

    public void Dispose() => http.Dispose();

    private static HttpRequestMessage Forward(HttpContext ctx, Uri uri, string forwardedUri)
    {
        var incoming = ctx.Request;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        if (ctx.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? incoming.ContentLength > 0)
        {
            request.Content = new StreamContent(incoming.Body);
        }
        var dropped = Dropped(incoming.Headers.Connection);
        dropped.UnionWith(["Authorization", "Host", "Expect", "Content-Length"]);
        foreach (var (name, values) in incoming.Headers)
        {
            if (dropped.Contains(name))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        if (incoming.ContentLength is { } length && request.Content is not null)
        {
            request.Content.Headers.ContentLength = length;
        }
        if (incoming.Headers.TE.Any(v => v?.Contains("trailers", StringComparison.OrdinalIgnoreCase) == true))
        {
            request.Headers.TryAddWithoutValidation("Te", "trailers");
        }
        request.Headers.Host = incoming.Host.Value;
        var client = ctx.Connection.RemoteIpAddress?.ToString();
        if (client is not null)
        {
            var prior = incoming.Headers["X-Forwarded-For"].ToString();
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", prior.Length > 0 ? $"{prior}, {client}" : client);
        }
        request.Headers.Remove("X-Forwarded-Uri");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Uri", forwardedUri);
        return request;
    }

    private static async Task RelayAsync(HttpContext ctx, HttpResponseMessage response, string authority, string prefix, bool head, CancellationToken ct)
    {
        ctx.Response.StatusCode = (int)response.StatusCode;
        var dropped = Dropped(new StringValues([.. response.Headers.Connection]));
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (dropped.Contains(name) || Cors.Contains(name))
            {
                continue;
            }
            ctx.Response.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase)
                ? new StringValues([.. values.Select(v => ProxyPaths.RewriteLocation(v, authority, ctx.Request.Host.Value ?? "", prefix))])
                : new StringValues([.. values]);
        }
        if (head)
        {
            return;
        }
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                await ctx.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                // Flush every chunk, so streamed responses (server-sent events, long polls) reach the client as they come.
                await ctx.Response.Body.FlushAsync(ct);
            }
        }
        catch (IOException)
        {
            // The backend broke off mid-body: the client sees the connection end, as with Go's reverse proxy.
            ctx.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The hop-by-hop headers plus those the Connection header names.</summary>
    private static HashSet<string> Dropped(StringValues connection)
    {
        var dropped = new HashSet<string>(HopByHop, StringComparer.OrdinalIgnoreCase);
        foreach (var token in connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            dropped.Add(token);
        }
        return dropped;
    }

    /// <summary>The failure as Go's net package words it, e.g. "dial tcp 10.0.0.1:8080: connect: connection refused".</summary>
    private static string DialError(Exception e, string authority)
    {
        var socket = e as SocketException ?? e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"dial tcp {authority}: connect: connection refused",
            SocketError.NetworkUnreachable => $"dial tcp {authority}: connect: network is unreachable",
            SocketError.HostUnreachable => $"dial tcp {authority}: connect: no route to host",
            SocketError.TimedOut => $"dial tcp {authority}: i/o timeout",
            _ when e is OperationCanceledException => $"dial tcp {authority}: i/o timeout",
            _ when e is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "EOF",
            _ when socket is not null => $"dial tcp {authority}: {socket.Message}",
            _ => e.InnerException?.Message ?? e.Message,
        };
    }
}
