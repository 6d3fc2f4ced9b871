using System.Net;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Sluice.Runtime.Controllers;

namespace Sluice.Runtime.Hosting;

/// <summary>
/// Runs informers, probes, metrics and controllers together. Informers (and so caches) run on every replica,
/// so a new leader starts warm; controller workers run only on the leader. <c>/readyz</c> answers 200 only
/// once every informer has synced; losing the Lease ends <see cref="RunAsync"/> with
/// <see cref="LeadershipLostException"/>.
/// </summary>
public sealed partial class Manager(IKubernetes client, ManagerOptions options, ILoggerFactory loggers)
{
    /// <summary>The flags of <c>sluice operator</c> that set the two addresses, named in errors.</summary>
    public const string HealthProbeOption = "--health-probe-bind-address";

    public const string MetricsOption = "--metrics-bind-address";

    private readonly List<(Func<CancellationToken, Task> Run, Func<bool> Synced)> _informers = [];
    private readonly List<Controller> _controllers = [];
    private readonly ILogger _logger = loggers.CreateLogger("manager");
    private volatile bool _ready;

    public bool Ready => _ready;

    public void AddInformer(Func<CancellationToken, Task> run, Func<bool> synced) => _informers.Add((run, synced));

    public void AddController(Controller controller) => _controllers.Add(controller);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var servers = new List<WebApplication>();
        try
        {
            if (BindAddress.Parse(options.HealthProbeBindAddress, HealthProbeOption) is { } probe)
            {
                servers.Add(await StartServerAsync(HealthProbeOption, probe, app =>
                {
                    app.MapGet("/healthz", () => Results.Text("ok"));
                    app.MapGet("/readyz", () => _ready ? Results.Text("ok") : Results.Text("informers not synced", statusCode: 503));
                }, stop.Token).ConfigureAwait(false));
            }

            if (BindAddress.Parse(options.MetricsBindAddress, MetricsOption) is { } metrics)
            {
                servers.Add(await StartServerAsync(MetricsOption, metrics, app => app.MapMetrics(), stop.Token).ConfigureAwait(false));
            }

            var informerTasks = _informers.Select(i => Task.Run(() => i.Run(stop.Token), CancellationToken.None)).ToList();
            while (!_informers.All(i => i.Synced()))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stop.Token).ConfigureAwait(false);
            }

            _ready = true;
            LogSynced(_informers.Count);
            if (options.LeaderElect)
            {
                await RunAsLeaderAsync(stop.Token).ConfigureAwait(false);
            }
            else
            {
                await RunWorkersAsync(stop.Token).ConfigureAwait(false);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(informerTasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Graceful shutdown: workers finished their current keys, the queue is shut down.
        }
        finally
        {
            _ready = false;
            foreach (var server in servers)
            {
                await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Task RunWorkersAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_controllers.Select(c => c.RunWorkersAsync(options.WorkersPerController, cancellationToken)));

    private async Task RunAsLeaderAsync(CancellationToken cancellationToken)
    {
        var leaseLock = new LeaseLock(client, options.LeaderElectionNamespace, options.LeaderElectionId, options.Identity);
        using var elector = new LeaderElector(new LeaderElectionConfig(leaseLock)
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        });
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? workers = null;
        elector.OnStartedLeading += () =>
        {
            LogLeading(options.Identity, options.LeaderElectionNamespace, options.LeaderElectionId);
            workers = RunWorkersAsync(leading.Token);
        };
        await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
        await leading.CancelAsync().ConfigureAwait(false);
        if (workers is not null)
        {
            await workers.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new LeadershipLostException(
            $"lost the Lease {options.LeaderElectionNamespace}/{options.LeaderElectionId}; stopping so another replica can lead");
    }

    /// <exception cref="ListenException">The address cannot be listened on; names <paramref name="option"/>.</exception>
    private static async Task<WebApplication> StartServerAsync(
        string option, IPEndPoint endpoint, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(endpoint));
        builder.Services.AddRouting();
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // Kestrel reports a taken port as IOException (inner AddressInUseException), other bind failures as SocketException.
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ListenException(option, endpoint, e);
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} informers synced; ready")]
    private partial void LogSynced(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} is the leader ({Namespace}/{Lease}); starting workers")]
    private partial void LogLeading(string identity, string @namespace, string lease);
}
