using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>
/// A real HTTP server standing in for a pod's container, bound to the pod's loopback IP on a free port. It echoes
/// what it received as JSON (<c>pod</c>, method, raw target, headers, body) with an <c>X-Backend</c> header;
/// <c>?status=N</c> picks the status code, <c>/cors</c> adds CORS headers, <c>/redirect</c> answers 302 to
/// <c>/target</c>, and <c>/stream</c> sends "first", then "second" only after <see cref="ReleaseStream"/>.
/// </summary>
internal sealed class PodBackend : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TaskCompletionSource streamGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PodBackend(WebApplication app, string ip, int port)
    {
        this.app = app;
        Ip = ip;
        Port = port;
    }

    public string Ip { get; }

    public int Port { get; }

    public static async Task<PodBackend> StartAsync(string ip, string pod, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Parse(ip), 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PodBackend? self = null;
        app.Run(ctx => HandleAsync(ctx, pod, self!));
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        self = new PodBackend(app, ip, address.Port);
        return self;
    }

    public void ReleaseStream() => streamGate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        streamGate.TrySetResult();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
    }

    private static async Task HandleAsync(HttpContext ctx, string pod, PodBackend self)
    {
        var ct = ctx.RequestAborted;
        ctx.Response.Headers["X-Backend"] = pod;
        switch (ctx.Request.Path.Value)
        {
            case "/stream":
                ctx.Response.ContentType = "text/plain";
                await ctx.Response.WriteAsync("first\n", ct);
                await ctx.Response.Body.FlushAsync(ct);
                await self.streamGate.Task.WaitAsync(ct);
                await ctx.Response.WriteAsync("second\n", ct);
                return;
            case "/redirect":
                ctx.Response.StatusCode = 302;
                ctx.Response.Headers.Location = "/target?from=redirect";
                return;
            case "/cors":
                ctx.Response.Headers.AccessControlAllowOrigin = "*";
                ctx.Response.Headers["X-Kept"] = "yes";
                break;
        }
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        var headers = new JsonObject();
        foreach (var (name, values) in ctx.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }
        ctx.Response.StatusCode = int.TryParse(ctx.Request.Query["status"], out var status) ? status : 200;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(new JsonObject
        {
            ["pod"] = pod,
            ["method"] = ctx.Request.Method,
            ["target"] = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget,
            ["headers"] = headers,
            ["body"] = body,
        }.ToJsonString(), ct);
    }
}
