using k8s;
using Microsoft.Extensions.Logging;
using Sluice.Runtime.Hosting;

namespace Sluice.Operator;

/// <summary>Connects to the cluster and runs the manager with the options <c>sluice operator</c> was given.</summary>
public static class OperatorHost
{
    /// <summary>
    /// The client: an explicit kubeconfig, else the in-cluster service account, else <c>~/.kube/config</c>.
    /// </summary>
    public static KubernetesClientConfiguration ClientConfiguration(string? kubeconfig) =>
        kubeconfig is not null ? KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)
        : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildConfigFromConfigFile();

    public static async Task RunAsync(OperatorOptions options, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        await RunAsync(options, loggers, TimeProvider.System, cancellationToken).ConfigureAwait(false);

    internal static async Task RunAsync(OperatorOptions options, ILoggerFactory loggers, TimeProvider time, CancellationToken cancellationToken)
    {
        using var client = new Kubernetes(ClientConfiguration(options.Kubeconfig));
        var manager = new Manager(client, new ManagerOptions
        {
            LeaderElect = options.LeaderElect,
            LeaderElectionNamespace = options.LeaderElectionNamespace ?? "default",
            LeaderElectionId = options.LeaderElectionId,
            Identity = $"{System.Net.Dns.GetHostName()}_{Guid.NewGuid():N}",
            MetricsBindAddress = options.MetricsBindAddress,
            HealthProbeBindAddress = options.HealthProbeBindAddress,
            WorkersPerController = options.Workers,
        }, loggers);
        using var controllers = new OperatorControllers(client, options, manager, loggers, time);
        await manager.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
