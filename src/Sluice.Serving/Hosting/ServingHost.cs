using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Sluice.Artifacts;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Serving.Hosting;

/// <summary>`sluice serve`: loads the models, then serves the Open Inference Protocol v2 on Kestrel.</summary>
public sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ModelSlot> _slots;
    private readonly RequestLogWriter? _requestLog;
    private readonly ModelCatalog _catalog;

    private ServingHost(WebApplication app, List<ModelSlot> slots, RequestLogWriter? requestLog, ModelCatalog catalog)
    {
        _app = app;
        _slots = slots;
        _requestLog = requestLog;
        _catalog = catalog;
    }

    /// <summary>
    /// Readiness turns false while requests are still answered, for <paramref name="drain"/>: the time the Endpoints
    /// need to drop this pod before the listener closes.
    /// </summary>
    public async Task DrainAsync(TimeSpan drain, TimeProvider time)
    {
        _catalog.Draining = true;
        if (drain > TimeSpan.Zero)
        {
            await Task.Delay(drain, time).ConfigureAwait(false);
        }
    }

    /// <summary>The address the server listens on, e.g. http://127.0.0.1:8080.</summary>
    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Loads every model, then starts listening. Throws <see cref="ModelLoadException"/> when a model fails and ExitOnLoadError is set.</summary>
    public static async Task<ServingHost> StartAsync(ServingOptions options, ILoggerFactory loggerFactory, string serverVersion,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var metrics = new ServingMetrics();
        var loader = new ModelLoader([.. options.ExtraSources, new FileModelSource(), new ArtifactModelSource(options.S3 ?? S3Settings.FromEnvironment())], loggerFactory.CreateLogger<ModelLoader>(),
            options.LoadTimeout, options.LoadRetries);
        var slots = new List<ModelSlot>();
        foreach (var spec in options.Models)
        {
            try
            {
                var model = await loader.LoadAsync(spec, cancellationToken).ConfigureAwait(false);
                slots.Add(new ModelSlot(spec, new ModelRunner(model), null));
                metrics.ModelInfo.WithLabels(spec.Name, spec.Version, model.Sha256).Set(1);
                metrics.ModelReady.WithLabels(spec.Name, spec.Version).Set(1);
            }
            catch (ModelLoadException ex) when (!options.ExitOnLoadError)
            {
                loggerFactory.CreateLogger<ServingHost>().LogError("Model {Model} is not ready: {Reason}", spec.Name, ex.Message);
                slots.Add(new ModelSlot(spec, null, ex.Message));
                metrics.ModelReady.WithLabels(spec.Name, spec.Version).Set(0);
            }
            catch
            {
                await DisposeRunnersAsync(slots).ConfigureAwait(false);
                throw;
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + 1;
            k.AddServerHeader = false;
            k.Listen(System.Net.IPAddress.Parse(options.Host), options.Port);
        });
        var app = builder.Build();
        var catalog = new ModelCatalog(slots);
        var requestLog = options.RequestLog is { } logSettings
            ? new RequestLogWriter(logSettings, metrics, loggerFactory.CreateLogger<RequestLogWriter>())
            : null;
        var infer = new InferenceEndpoint(catalog, options, metrics, requestLog, time, loggerFactory.CreateLogger<InferenceEndpoint>());
        var meta = new MetadataEndpoints(catalog, serverVersion);
        Map(app, infer, meta, metrics);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The port is taken (or the like): the caller reports it; the loaded models must not leak.
            await app.DisposeAsync().ConfigureAwait(false);
            if (requestLog is not null)
            {
                await requestLog.DisposeAsync().ConfigureAwait(false);
            }

            await DisposeRunnersAsync(slots).ConfigureAwait(false);
            throw;
        }

        return new ServingHost(app, slots, requestLog, catalog);
    }

    private static void Map(WebApplication app, InferenceEndpoint infer, MetadataEndpoints meta, ServingMetrics metrics)
    {
        app.MapGet("/v2/health/live", meta.LiveAsync);
        app.MapGet("/v2/health/ready", meta.ReadyAsync);
        app.MapGet("/v2", meta.ServerAsync);
        app.MapGet("/v2/models/{name}", (HttpContext c, string name) => meta.ModelAsync(c, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}", (HttpContext c, string name, string version) => meta.ModelAsync(c, name, version));
        app.MapGet("/v2/models/{name}/ready", (HttpContext c, string name) => meta.ModelReadyAsync(c, name, null));
        app.MapGet("/v2/models/{name}/versions/{version}/ready", (HttpContext c, string name, string version) => meta.ModelReadyAsync(c, name, version));
        app.MapPost("/v2/models/{name}/infer", (HttpContext c, string name) => infer.HandleAsync(c, name, null));
        app.MapPost("/v2/models/{name}/versions/{version}/infer", (HttpContext c, string name, string version) => infer.HandleAsync(c, name, version));
        app.MapPost("/v1/models/{name}:predict", (HttpContext c, string name) => infer.HandleAsync(c, name, null, v1: true));
        app.MapPost("/v1/models/{name}/versions/{version}:predict", (HttpContext c, string name, string version) => infer.HandleAsync(c, name, version, v1: true));
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapFallback((HttpContext c) => JsonResults.ErrorAsync(c, 404, $"no endpoint {c.Request.Method} {c.Request.Path}; see /v2"));
    }

    /// <summary>Stops accepting requests, then flushes the request log.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        if (_requestLog is not null)
        {
            await _requestLog.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeRunnersAsync(_slots).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task DisposeRunnersAsync(List<ModelSlot> slots)
    {
        foreach (var slot in slots)
        {
            if (slot.Runner is { } runner)
            {
                await runner.DisposeAsync().ConfigureAwait(false);
                runner.Model.Dispose();
            }
        }
    }
}
