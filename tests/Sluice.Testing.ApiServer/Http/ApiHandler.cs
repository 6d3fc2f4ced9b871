using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>The one request entry point: counters and faults, discovery, OpenAPI, then the resource verbs.</summary>
internal sealed partial class ApiHandler(ResourceRegistry registry, ResourceEndpoints resources, WatchEndpoint watch, ScaleEndpoint scale, ProxyEndpoint proxy, FaultInjection faults, ILogger logger)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var ct = ctx.RequestAborted;
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, ct);
            }
            var path = ctx.Request.Path.Value?.Trim('/') ?? "";
            var segs = path.Length == 0 ? [] : path.Split('/');
            if (await NonResourceAsync(ctx, path, segs, ct))
            {
                return;
            }
            var (group, version, rest) = segs[0] == "api" ? ("", segs[1], segs[2..]) : (segs[1], segs[2], segs[3..]);
            if (group.Length == 0 && version != "v1")
            {
                throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            }
            if (rest.Length == 0)
            {
                var doc = Discovery.Resources(registry.All, group, version) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
                await HttpJson.WriteAsync(ctx, 200, doc, ct);
                return;
            }
            var route = ApiRoute.Parse(registry, group, version, rest) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            var verb = VerbOf(ctx, route);
            var resourceName = route.Subresource is null ? route.Type.Plural : $"{route.Type.Plural}/{route.Subresource}";
            faults.Record(verb, resourceName);
            LogRequest(logger, ctx.Request.Method, ctx.Request.Path + ctx.Request.QueryString, verb);
            if (faults.Pick(verb, resourceName) is { } fault)
            {
                await InjectAsync(ctx, fault, ct);
                return;
            }
            var task = ProxyEndpoint.Serves(route) ? proxy.HandleAsync(ctx, route, ct)
                : route is { Subresource: "scale", Type.HasScale: true, Name: not null } ? scale.HandleAsync(ctx, route, verb, ct) : verb switch
            {
                "get" => resources.GetAsync(ctx, route, ct),
                "list" => resources.ListAsync(ctx, route, ct),
                "watch" => watch.WatchAsync(ctx, route, ct),
                "create" => resources.CreateAsync(ctx, route, ct),
                "update" => resources.UpdateAsync(ctx, route, ct),
                "patch" => resources.PatchAsync(ctx, route, ct),
                "delete" => resources.DeleteAsync(ctx, route, ct),
                "deletecollection" => resources.DeleteCollectionAsync(ctx, route, ct),
                _ => throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
            };
            await task;
        }
        catch (ApiException e)
        {
            if (!ctx.Response.HasStarted)
            {
                await HttpJson.WriteErrorAsync(ctx, e, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            // A bug in this server, not in the client: answer as kube-apiserver answers a panic, and say what broke.
            LogFailure(logger, e, ctx.Request.Method, ctx.Request.Path);
            if (!ctx.Response.HasStarted)
            {
                await HttpJson.WriteErrorAsync(ctx, new ApiException(500, "InternalError", $"an error on the server (\"{e.GetType().Name}: {e.Message}\") has prevented the request from succeeding"), ct);
            }
        }
    }

    private async Task<bool> NonResourceAsync(HttpContext ctx, string path, string[] segs, CancellationToken ct)
    {
        switch (path)
        {
            case "version":
                await HttpJson.WriteAsync(ctx, 200, Discovery.Version(), ct);
                return true;
            case "api":
                await HttpJson.WriteAsync(ctx, 200, Discovery.Versions($"{ctx.Request.Host}"), ct);
                return true;
            case "apis":
                await HttpJson.WriteAsync(ctx, 200, Discovery.Groups(registry.All), ct);
                return true;
            case "healthz" or "livez" or "readyz":
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync("ok", ct);
                return true;
            case "openapi/v3":
                await HttpJson.WriteAsync(ctx, 200, OpenApi.Index(registry.All), ct);
                return true;
        }
        if (segs.Length is 4 or 5 && segs[0] == "openapi" && segs[1] == "v3" && segs[2] is "apis" or "api")
        {
            var doc = OpenApi.GroupVersion(registry.All, segs.Length == 4 ? "" : segs[3], segs[^1]) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            await HttpJson.WriteAsync(ctx, 200, doc, ct);
            return true;
        }
        if (segs.Length == 2 && segs[0] == "apis")
        {
            var doc = Discovery.Group(registry.All, segs[1]) ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
            await HttpJson.WriteAsync(ctx, 200, doc, ct);
            return true;
        }
        if (segs.Length >= 2 && segs[0] == "api" || segs.Length >= 3 && segs[0] == "apis")
        {
            return false;
        }
        throw new ApiException(404, "NotFound", "the server could not find the requested resource");
    }

    private static string VerbOf(HttpContext ctx, ApiRoute r)
    {
        if (ProxyEndpoint.Serves(r))
        {
            return ProxyEndpoint.VerbOf(ctx.Request.Method);
        }
        var watch = ctx.Request.Query["watch"] is var w && (w == "true" || w == "1");
        return ctx.Request.Method switch
        {
            "GET" when r.Name is null => watch ? "watch" : "list",
            "GET" => "get",
            "POST" when r.Name is null => "create",
            "PUT" when r.Name is not null => "update",
            "PATCH" when r.Name is not null => "patch",
            "DELETE" when r.Name is null => "deletecollection",
            "DELETE" => "delete",
            _ => "unsupported",
        };
    }

    private static async Task InjectAsync(HttpContext ctx, FaultRule fault, CancellationToken ct)
    {
        var (reason, message) = fault.StatusCode switch
        {
            429 => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
            409 => ("Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"),
            503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
            _ => ("InternalError", "an error on the server (\"injected fault\") has prevented the request from succeeding"),
        };
        if (fault.StatusCode == 429)
        {
            ctx.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await HttpJson.WriteErrorAsync(ctx, new ApiException(fault.StatusCode, reason, message), ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailure(ILogger logger, Exception e, string method, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} ({Verb})")]
    private static partial void LogRequest(ILogger logger, string method, string path, string verb);
}
