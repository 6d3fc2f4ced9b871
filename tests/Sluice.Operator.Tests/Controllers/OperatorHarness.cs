using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Api;
using Sluice.Manifests.Loading;
using Sluice.Operator.Resources;
using Sluice.Testing.ApiServer;

namespace Sluice.Operator.Tests.Controllers;

/// <summary>
/// A test API server with the committed CRDs applied, and the operator running against it through a kubeconfig as
/// <c>sluice operator --kubeconfig</c> runs it. Stops both on dispose; every wait has a deadline.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-operator-test").FullName;
    private readonly List<RunningOperator> _operators = [];

    private OperatorHarness(TestApiServer server)
    {
        Server = server;
        Client = server.CreateClient();
        Kubeconfig = Path.Combine(_dir, "kubeconfig");
        server.WriteKubeconfig(Kubeconfig);
    }

    public TestApiServer Server { get; }

    public CapturedLogs Logs { get; } = new();

    public Kubernetes Client { get; }

    public string Kubeconfig { get; }

    public static async Task<OperatorHarness> StartAsync(TestApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        var server = await TestApiServer.StartAsync(options, cancellationToken);
        var harness = new OperatorHarness(server);
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("config", "crd", "bases"), "*.yaml"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, cancellationToken));
            await harness.Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }

        return harness;
    }

    public static OperatorOptions DefaultOptions => new()
    {
        MetricsBindAddress = "0",
        HealthProbeBindAddress = "0",
        Workers = 2,
        DefaultArtifactBucket = "sluice-artifacts",
        DefaultArtifactEndpoint = "http://minio.sluice-system:9000",
        DefaultArtifactSecret = "sluice-artifacts",
    };

    /// <summary>Starts an operator (in this process, through the kubeconfig); several may run, as replicas do.</summary>
    public RunningOperator StartOperator(OperatorOptions? options = null, TimeProvider? time = null)
    {
        var opts = (options ?? DefaultOptions) with { Kubeconfig = Kubeconfig };
        var instance = new RunningOperator(opts, _operators.Count == 0 ? Logs : new CapturedLogs(), time ?? TimeProvider.System);
        _operators.Add(instance);
        instance.Start();
        return instance;
    }

    /// <summary>Stops every running operator, as a kill would, at whatever point each is.</summary>
    public async Task StopOperatorAsync()
    {
        foreach (var instance in _operators)
        {
            await instance.StopAsync();
        }

        _operators.Clear();
    }

    public async Task<PipelineResource> CreatePipelineAsync(string yaml, string ns = "default", CancellationToken cancellationToken = default)
    {
        var pipeline = ManifestLoader.Deserialize<Pipeline>(yaml);
        var body = new PipelineResource { Metadata = Meta(pipeline.Metadata, ns), Spec = pipeline.Spec };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<PipelineResource>(
            body, ApiGroup.Group, ApiGroup.Version, ns, PipelineResource.Plural, cancellationToken: cancellationToken);
    }

    public async Task<PipelineRunResource> CreateRunAsync(string yaml, string ns = "default", CancellationToken cancellationToken = default)
    {
        var run = ManifestLoader.Deserialize<PipelineRun>(yaml);
        var body = new PipelineRunResource { Metadata = Meta(run.Metadata, ns), Spec = run.Spec };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<PipelineRunResource>(
            body, ApiGroup.Group, ApiGroup.Version, ns, PipelineRunResource.Plural, cancellationToken: cancellationToken);
    }

    public Task<PipelineRunResource> GetRunAsync(string name, string ns = "default", CancellationToken cancellationToken = default) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<PipelineRunResource>(
            ApiGroup.Group, ApiGroup.Version, ns, PipelineRunResource.Plural, name, cancellationToken);

    public Task<PipelineResource> GetPipelineAsync(string name, string ns = "default", CancellationToken cancellationToken = default) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<PipelineResource>(
            ApiGroup.Group, ApiGroup.Version, ns, PipelineResource.Plural, name, cancellationToken);

    /// <summary>Polls the run until <paramref name="done"/> holds; fails with the last status seen at the deadline.</summary>
    public Task<PipelineRunResource> WaitForRunAsync(
        string name, Func<PipelineRunResource, bool> done, CancellationToken cancellationToken, string ns = "default") =>
        WaitForAsync($"run {name}", () => GetRunAsync(name, ns, cancellationToken), done, r => r.Status, cancellationToken);

    /// <summary>Polls the ModelVersion until <paramref name="done"/> holds; fails with the last status seen at the deadline.</summary>
    public Task<ModelVersionResource> WaitForVersionAsync(
        string name, Func<ModelVersionResource, bool> done, CancellationToken cancellationToken, string ns = "default") =>
        WaitForAsync($"ModelVersion {name}", () => Client.CustomObjects.GetNamespacedCustomObjectAsync<ModelVersionResource>(
            ApiGroup.Group, ApiGroup.Version, ns, ModelVersionResource.Plural, name, cancellationToken), done, v => v.Status, cancellationToken);

    private async Task<T> WaitForAsync<T>(string what, Func<Task<T>> get, Func<T, bool> done, Func<T, object?> status, CancellationToken cancellationToken)
        where T : class
    {
        T? last = null;
        try
        {
            while (true)
            {
                if (_operators.FirstOrDefault(o => o.Task.IsCompleted) is { } stopped)
                {
                    await stopped.Task;
                    throw new InvalidOperationException("an operator stopped on its own");
                }

                last = await get();
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"{what} did not reach the expected state; last status: {(last is null || status(last) is not { } s ? "none" : KubernetesJson.Serialize(s))}{Environment.NewLine}operator log:{Environment.NewLine}{Logs.Tail(40)}");
        }
    }

    public Task<PipelineRunResource> WaitForPhaseAsync(string name, RunPhase phase, CancellationToken cancellationToken, string ns = "default") =>
        WaitForRunAsync(name, r => r.Status?.Phase == phase, cancellationToken, ns);

    public async Task<IReadOnlyList<V1Job>> JobsAsync(string run, string ns = "default", CancellationToken cancellationToken = default) =>
        [.. (await Client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: $"sluice.dev/run={run}", cancellationToken: cancellationToken)).Items];

    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(string name, string ns = "default", CancellationToken cancellationToken = default) =>
        [.. (await Client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: cancellationToken)).Items.Where(e => e.InvolvedObject.Name == name)];

    /// <summary>
    /// Waits for an Event about <paramref name="name"/> that matches: Events are raised after the status write
    /// that a test usually waits for, so they may land a moment later.
    /// </summary>
    public async Task<Corev1Event> WaitForEventAsync(string name, Func<Corev1Event, bool> match, CancellationToken cancellationToken, string ns = "default")
    {
        IReadOnlyList<Corev1Event> seen = [];
        try
        {
            while (true)
            {
                seen = await EventsAsync(name, ns, cancellationToken);
                if (seen.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching Event about {name}; seen: {string.Join("; ", seen.Select(e => $"{e.Type} {e.Reason}: {e.Message}"))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopOperatorAsync();
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static V1ObjectMeta Meta(ResourceMetadata meta, string ns) => new()
    {
        Name = meta.Name,
        GenerateName = meta.GenerateName,
        NamespaceProperty = ns,
        Labels = meta.Labels,
        Annotations = meta.Annotations,
    };
}
