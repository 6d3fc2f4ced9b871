using System.Net;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Testing.ApiServer.Http;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer;

/// <summary>
/// An in-process Kubernetes API server for tests (the envtest stand-in): plain HTTP on 127.0.0.1, real
/// kubectl and KubernetesClient talk to it. Start with <see cref="StartAsync"/>, stop by disposing.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly PodLogs logs;
    private readonly Controllers.JobController jobs;
    private Controllers.DeploymentController deployments = null!;
    private Kubelet.Kubelet? kubelet;
    private ProxyEndpoint proxy = null!;
    private int disposed;

    private TestApiServer(WebApplication app, string url, ObjectStore store, ResourceRegistry registry, PodLogs logs, FaultInjection faults, Controllers.JobController jobs)
    {
        this.jobs = jobs;
        this.app = app;
        Url = url;
        Store = store;
        Registry = registry;
        this.logs = logs;
        Faults = faults;
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; }

    /// <summary>Fault injection and request counters.</summary>
    public FaultInjection Faults { get; }

    internal ObjectStore Store { get; }

    internal ResourceRegistry Registry { get; }

    /// <summary>The newest resourceVersion the server has handed out.</summary>
    public long ResourceVersion => Store.CurrentRv;

    public static async Task<TestApiServer> StartAsync(TestApiServerOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TestApiServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        if (options.LogRequests)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Debug)
                .AddFilter("Microsoft", LogLevel.Warning);
        }
        var app = builder.Build();
        var store = new ObjectStore(options.Time, options.HistoryLimit);
        var registry = new ResourceRegistry();
        var logs = new PodLogs();
        var faults = new FaultInjection();
        var crds = new CrdController(store, registry, options.Time);
        store.Changed += crds.OnChanged;
        var kubelet = options.RunImages.Count > 0 ? new Kubelet.Kubelet(store, registry, options.Time, options.RunImages, options.RestartBackoff) : null;
        if (kubelet is not null)
        {
            store.Changed += kubelet.OnChanged;
        }
        var jobs = new Controllers.JobController(store, registry, logs, options.Time, options.DefaultJobBehavior, kubelet, options.RestartBackoff);
        store.Changed += jobs.OnChanged;
        var deployments = new Controllers.DeploymentController(store, registry, options.Time, kubelet);
        store.Changed += deployments.OnChanged;
        store.Changed += new Controllers.DisruptionController(store, registry, options.Time).OnChanged;
        store.Changed += new Controllers.EndpointsController(store, registry).OnChanged;
        Bootstrap(store, registry);
        var proxy = new ProxyEndpoint(new ProxyTargets(store, registry));
        var handler = new ApiHandler(registry, new ResourceEndpoints(store, options.Time, new PodLogEndpoint(logs, kubelet, options.Time)),
            new WatchEndpoint(store, faults, options.Time, options.BookmarkInterval), new ScaleEndpoint(store), proxy, faults,
            options.LogRequests ? app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("apiserver") : NullLogger.Instance);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApiServer(app, address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'), store, registry, logs, faults, jobs) { deployments = deployments, kubelet = kubelet, proxy = proxy };
    }

    /// <summary>A KubernetesClient pointed at this server.</summary>
    public Kubernetes CreateClient() => new(new KubernetesClientConfiguration { Host = Url });

    /// <summary>
    /// Writes a kubeconfig (context "sluice-test", namespace default) that kubectl and clients can use. It carries
    /// a bearer token, which the server ignores, because KubernetesClient (and so <c>sluice operator</c>) refuses a
    /// user without credentials.
    /// </summary>
    public void WriteKubeconfig(string path, string ns = "default")
    {
        var yaml = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sluice-test
              cluster:
                server: {Url}
            contexts:
            - name: sluice-test
              context:
                cluster: sluice-test
                user: sluice-test
                namespace: {ns}
            current-context: sluice-test
            users:
            - name: sluice-test
              user:
                token: sluice-test

            """;
        File.WriteAllText(path, yaml);
    }

    /// <summary>How many watch streams are open now (tests wait on it before changing objects).</summary>
    public int OpenWatches => Store.WatcherCount;

    /// <summary>Waits until at least <paramref name="count"/> watch streams are open.</summary>
    public async Task WaitForWatchesAsync(int count, CancellationToken ct)
    {
        while (Store.WatcherCount < count)
        {
            await Task.Delay(20, ct);
        }
    }

    /// <summary>Scripts what the pods of Job NAME in NS do (apply before the Job is created).</summary>
    public void ScriptJob(string ns, string job, JobBehavior behavior) => jobs.Script(ns, job, behavior);

    /// <summary>Gives the pods of Deployment NAME in NS this IP (e.g. 127.0.0.1), so clients reach a real local server.</summary>
    public void SetDeploymentPodIp(string ns, string deployment, string ip) => deployments.SetPodIp(ns, deployment, ip);

    /// <summary>Sets the text that pods/NAME/log returns.</summary>
    public void SetPodLog(string ns, string pod, string text) => logs.Set(ns, pod, text);

    /// <summary>Closes every open watch, as an apiserver restart does; stored objects and history survive.</summary>
    public void SimulateRestart() => Store.CloseAllWatches();

    /// <summary>Closes every open watch stream (clients see the stream end and must re-watch).</summary>
    public void DropWatches() => Store.CloseAllWatches();

    /// <summary>Forgets the watch history, so a watch from any older resourceVersion gets 410 Gone.</summary>
    public void CompactHistory() => Store.Compact();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        jobs.Stop();
        deployments.Stop();
        if (kubelet is not null)
        {
            // Every process stops before the server does: none may outlive it.
            await kubelet.DisposeAsync();
        }
        Store.CloseAllWatches();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(cts.Token);
        await app.DisposeAsync();
        proxy.Dispose();
    }

    private static void Bootstrap(ObjectStore store, ResourceRegistry registry)
    {
        var nsType = registry.Find("", "v1", "namespaces")!;
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            store.Create(nsType, "", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
            });
        }
    }
}
