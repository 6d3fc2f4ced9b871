namespace Sluice.Runtime.Hosting;

/// <summary>How a <see cref="Manager"/> runs: leader election, probe and metrics addresses, workers.</summary>
public sealed record ManagerOptions
{
    public bool LeaderElect { get; init; }

    public string LeaderElectionNamespace { get; init; } = "default";

    public string LeaderElectionId { get; init; } = "sluice-operator";

    /// <summary>This replica's name in the Lease (the pod name in a cluster).</summary>
    public string Identity { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// <c>HOST:PORT</c>; an empty host (<c>:8080</c>) listens on every interface; <c>0</c> (the default, as in
    /// kubebuilder's scaffold) serves no metrics, so nothing collides with <c>sluice serve</c>'s 8080 on a laptop.
    /// </summary>
    public string MetricsBindAddress { get; init; } = "0";

    public string HealthProbeBindAddress { get; init; } = ":8081";

    public int WorkersPerController { get; init; } = 4;

    /// <summary>controller-runtime's defaults: a leader holds for 15 s, renews within 10 s, retries every 2 s.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
