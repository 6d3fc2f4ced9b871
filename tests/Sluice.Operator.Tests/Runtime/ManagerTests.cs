using System.Net;
using System.Net.Sockets;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Runtime.Hosting;

namespace Sluice.Operator.Tests.Runtime;

public sealed class ManagerTests
{
    [Fact]
    public async Task Readyz_answers_503_until_the_informers_synced_and_metrics_use_controller_runtime_names()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var probePort = FreePort();
        var metricsPort = FreePort();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var manager = new Manager(client, new ManagerOptions
        {
            HealthProbeBindAddress = $"127.0.0.1:{probePort}",
            MetricsBindAddress = $"127.0.0.1:{metricsPort}",
        }, NullLoggerFactory.Instance);
        var synced = false;
        manager.AddInformer(ct => Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default), () => synced);
        using var controller = new Sluice.Runtime.Controllers.Controller(
            "probe-test", new NoopReconciler(), TimeProvider.System, NullLogger.Instance);
        manager.AddController(controller);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var run = manager.RunAsync(stop.Token);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, await StatusWhenUp(http, $"http://127.0.0.1:{probePort}/healthz", deadline.Token));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri($"http://127.0.0.1:{probePort}/readyz"), deadline.Token)).StatusCode);

        synced = true;
        while ((await http.GetAsync(new Uri($"http://127.0.0.1:{probePort}/readyz"), deadline.Token)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(20, deadline.Token);
        }

        controller.Enqueue(new Sluice.Runtime.ObjectKey("ns", "x"));
        await Task.Delay(200, deadline.Token);
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), deadline.Token);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"probe-test\",result=\"success\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("workqueue_adds_total{controller=\"probe-test\",name=\"probe-test\"}", metrics, StringComparison.Ordinal);

        await stop.CancelAsync();
        await run.WaitAsync(deadline.Token);
    }

    private static async Task<HttpStatusCode> StatusWhenUp(HttpClient http, string url, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return (await http.GetAsync(new Uri(url), cancellationToken)).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class NoopReconciler : Sluice.Runtime.Controllers.IReconciler
    {
        public Task<Sluice.Runtime.Controllers.ReconcileResult> ReconcileAsync(
            Sluice.Runtime.ObjectKey key, CancellationToken cancellationToken) =>
            Task.FromResult(Sluice.Runtime.Controllers.ReconcileResult.Done);
    }
}
