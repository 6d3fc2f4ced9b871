using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Sluice.Core.Monitoring;
using Sluice.Operator.Monitoring;
using Sluice.Operator.Pipelines;
using Sluice.Operator.Resources;
using Sluice.Operator.Runs;
using Sluice.Operator.Serving;
using Sluice.Operator.Stages;
using Sluice.Runtime;
using Sluice.Runtime.Controllers;
using Sluice.Runtime.Events;
using Sluice.Runtime.Hosting;
using Sluice.Runtime.Informers;

namespace Sluice.Operator;

/// <summary>
/// Wires the informers and the Pipeline and PipelineRun controllers into a manager: which watch events enqueue
/// which keys (a Job or its pods wake their run through the controller owner and the run label; a run wakes its
/// Pipeline; a Pipeline wakes the runs waiting for it).
/// </summary>
internal sealed class OperatorControllers : IDisposable
{
    private readonly Controller _runs;
    private readonly Controller _pipelines;
    private readonly Controller _models;
    private readonly Controller _monitors;

    public OperatorControllers(IKubernetes client, OperatorOptions options, Manager manager, ILoggerFactory loggers, TimeProvider time)
    {
        var ns = options.Namespaces;
        var informerLog = loggers.CreateLogger("informer");
        Caches = new RunCaches(
            new InformerGroup<PipelineResource>(ns, n => SluiceListWatchers.For<PipelineResource>(client, PipelineResource.Plural, n), time, informerLog, transform: CacheTransforms.Metadata),
            new InformerGroup<PipelineRunResource>(ns, n => SluiceListWatchers.For<PipelineRunResource>(client, PipelineRunResource.Plural, n), time, informerLog, transform: CacheTransforms.Metadata),
            new InformerGroup<V1Job>(ns, n => ListWatchers.Jobs(client, n, StageLabels.Run), time, informerLog, transform: CacheTransforms.Job),
            new InformerGroup<V1Pod>(ns, n => ListWatchers.Pods(client, n, StageLabels.Run), time, informerLog, transform: CacheTransforms.Pod),
            new InformerGroup<ModelVersionResource>(ns, n => SluiceListWatchers.For<ModelVersionResource>(client, ModelVersionResource.Plural, n), time, informerLog, transform: CacheTransforms.Metadata));
        var events = new EventRecorder(client, OperatorIdentity.Name, time, loggers.CreateLogger("events"));
        var defaults = new ArtifactDefaults(options.DefaultArtifactEndpoint, options.DefaultArtifactBucket, options.DefaultArtifactSecret);
        _runs = new Controller("pipelinerun", new PipelineRunReconciler(client, Caches, defaults, events, time, loggers.CreateLogger("pipelinerun")), time, loggers.CreateLogger("pipelinerun"));
        _pipelines = new Controller("pipeline", new PipelineReconciler(client, Caches, events, time, loggers.CreateLogger("pipeline")), time, loggers.CreateLogger("pipeline"));
        Serving = new ServingCaches(
            Caches.ModelVersions,
            new InformerGroup<V1Deployment>(ns, n => ListWatchers.Deployments(client, n, ServingCaches.Selector), time, informerLog, transform: CacheTransforms.Metadata),
            new InformerGroup<V1Service>(ns, n => ListWatchers.Services(client, n, ServingCaches.Selector), time, informerLog, transform: CacheTransforms.Metadata),
            new InformerGroup<V1Pod>(ns, n => ListWatchers.Pods(client, n, ServingCaches.Selector), time, informerLog, transform: CacheTransforms.ServingPod));
        var servingDefaults = new ServingDefaults(options.ServingImage ?? ServingDefaults.DefaultImage,
            options.DefaultArtifactEndpoint, options.DefaultArtifactBucket, options.DefaultArtifactSecret);
        // Keyed by model, not by version: one worker decides for all of a model's versions, so two never race on the split.
        var servingWrites = new ServingWrites(client, Serving, servingDefaults, loggers.CreateLogger("modelversion"));
        _models = new Controller("modelversion", new ModelVersionReconciler(client, Serving, servingWrites, new ServingDrain(Serving, servingWrites, events),
            new CanaryAnalyzer(new PodMetricsScraper(ScrapeClient, time), time), new GatewayRoutes(client), events, time), time, loggers.CreateLogger("modelversion"));
        Monitors = new MonitorCaches(
            new InformerGroup<DriftMonitorResource>(ns, n => SluiceListWatchers.For<DriftMonitorResource>(client, DriftMonitorResource.Plural, n), time, informerLog, transform: CacheTransforms.Metadata),
            new InformerGroup<V1Job>(ns, n => ListWatchers.Jobs(client, n, MonitorCaches.Selector), time, informerLog, transform: CacheTransforms.Job),
            new InformerGroup<V1Pod>(ns, n => ListWatchers.Pods(client, n, MonitorCaches.Selector), time, informerLog, transform: CacheTransforms.Pod),
            Caches.Runs, Caches.Pipelines, Caches.ModelVersions);
        _monitors = new Controller("driftmonitor", new DriftMonitorReconciler(client, Monitors, servingDefaults, events, time), time, loggers.CreateLogger("driftmonitor"));
        Caches.ModelVersions.AddHandler((old, version) =>
        {
            foreach (var v in new[] { old, version }.OfType<ModelVersionResource>())
            {
                _models.Enqueue(new ObjectKey(v.Metadata.NamespaceProperty, v.Spec.Model));
            }

            // A new Stable version is a new baseline for the model's monitors.
            if (old?.Status?.Role != version?.Status?.Role && (version ?? old) is { } changed)
            {
                EnqueueMonitors(m => m.Metadata.NamespaceProperty == changed.Metadata.NamespaceProperty && m.Spec.Model == changed.Spec.Model);
            }
        });
        Monitors.Monitors.AddHandler((old, monitor) => _monitors.Enqueue(ObjectKey.Of(monitor ?? old!)));
        Monitors.Jobs.AddHandler((old, job) => EnqueueMonitorOf(job ?? old!));
        Monitors.Pods.AddHandler((old, pod) => EnqueueMonitorOf(pod ?? old!));
        Serving.Deployments.AddHandler((old, deployment) => EnqueueModelOf(deployment ?? old!));
        Serving.Services.AddHandler((old, service) => EnqueueModelOf(service ?? old!));
        Serving.Pods.AddHandler((old, pod) =>
        {
            // Readiness and restarts matter to a rollout; a pod's other status churn does not.
            if (old is null || pod is null || CacheTransforms.Ready(old) != CacheTransforms.Ready(pod) || Restarts(old) != Restarts(pod))
            {
                EnqueueModelOf(pod ?? old!);
            }
        });

        Caches.Runs.AddHandler((old, run) =>
        {
            var current = run ?? old!;
            _runs.Enqueue(ObjectKey.Of(current));
            // The Pipeline cares about its runs' existence and phase (last run, history, concurrency), not
            // about every stage transition.
            if (old is null || run is null || old.Status?.Phase != run.Status?.Phase)
            {
                _pipelines.Enqueue(new ObjectKey(current.Metadata.NamespaceProperty, current.Spec.PipelineRef.Name));
            }

            // A retraining run's outcome (its gate's verdict, the version it registered) is its monitor's business.
            if (old?.Status?.Phase != run?.Status?.Phase || old?.Status?.Gate?.Result != run?.Status?.Gate?.Result || old?.Status?.ModelVersion != run?.Status?.ModelVersion)
            {
                EnqueueMonitorOf(current);
            }
        });
        Caches.Pipelines.AddHandler((old, pipeline) =>
        {
            var current = pipeline ?? old!;
            _pipelines.Enqueue(ObjectKey.Of(current));
            EnqueueMonitors(m => m.Metadata.NamespaceProperty == current.Metadata.NamespaceProperty && m.Spec.Retrain?.PipelineRef.Name == current.Metadata.Name);
            foreach (var waiting in Caches.Runs.List().Where(r => r.Status?.PipelineSpec is null &&
                r.Metadata.NamespaceProperty == current.Metadata.NamespaceProperty && r.Spec.PipelineRef.Name == current.Metadata.Name))
            {
                _runs.Enqueue(ObjectKey.Of(waiting));
            }
        });
        Caches.Jobs.AddHandler((old, job) =>
        {
            var current = job ?? old!;
            if (current.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == PipelineRunResource.KindName) is { } owner)
            {
                _runs.Enqueue(new ObjectKey(current.Metadata.NamespaceProperty, owner.Name));
            }
        });
        Caches.Pods.AddHandler((old, pod) =>
        {
            var current = pod ?? old!;
            if (current.Metadata.Labels?.TryGetValue(StageLabels.Run, out var run) == true)
            {
                _runs.Enqueue(new ObjectKey(current.Metadata.NamespaceProperty, run));
            }
        });

        manager.AddInformer(Caches.Pipelines.RunAsync, () => Caches.Pipelines.HasSynced);
        manager.AddInformer(Caches.Runs.RunAsync, () => Caches.Runs.HasSynced);
        manager.AddInformer(Caches.Jobs.RunAsync, () => Caches.Jobs.HasSynced);
        manager.AddInformer(Caches.Pods.RunAsync, () => Caches.Pods.HasSynced);
        manager.AddInformer(Caches.ModelVersions.RunAsync, () => Caches.ModelVersions.HasSynced);
        manager.AddInformer(Serving.Deployments.RunAsync, () => Serving.Deployments.HasSynced);
        manager.AddInformer(Serving.Services.RunAsync, () => Serving.Services.HasSynced);
        manager.AddInformer(Serving.Pods.RunAsync, () => Serving.Pods.HasSynced);
        manager.AddController(_runs);
        manager.AddController(_pipelines);
        manager.AddInformer(Monitors.Monitors.RunAsync, () => Monitors.Monitors.HasSynced);
        manager.AddInformer(Monitors.Jobs.RunAsync, () => Monitors.Jobs.HasSynced);
        manager.AddInformer(Monitors.Pods.RunAsync, () => Monitors.Pods.HasSynced);
        manager.AddController(_models);
        manager.AddController(_monitors);
    }

    public MonitorCaches Monitors { get; }

    public RunCaches Caches { get; }

    /// <summary>One connection pool for every serving pod's /metrics, with no proxy: pods are reached by IP inside the cluster.</summary>
    private static HttpClient ScrapeClient { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public ServingCaches Serving { get; }

    private static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;

    private void EnqueueModelOf(IKubernetesObject<V1ObjectMeta> served)
    {
        if (served.Metadata.Labels?.TryGetValue(ServingLabels.Model, out var model) == true)
        {
            _models.Enqueue(new ObjectKey(served.Metadata.NamespaceProperty, model));
        }
    }

    private void EnqueueMonitorOf(IKubernetesObject<V1ObjectMeta> child)
    {
        if (child.Metadata.Labels?.TryGetValue(MonitorNames.MonitorLabel, out var monitor) == true)
        {
            _monitors.Enqueue(new ObjectKey(child.Metadata.NamespaceProperty, monitor));
        }
    }

    private void EnqueueMonitors(Func<DriftMonitorResource, bool> which)
    {
        foreach (var monitor in Monitors.Monitors.List().Where(which))
        {
            _monitors.Enqueue(ObjectKey.Of(monitor));
        }
    }

    public void Dispose()
    {
        _runs.Dispose();
        _pipelines.Dispose();
        _models.Dispose();
        _monitors.Dispose();
    }
}
