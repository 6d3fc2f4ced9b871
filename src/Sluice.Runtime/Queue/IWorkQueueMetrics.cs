namespace Sluice.Runtime.Queue;

/// <summary>What a work queue reports, so the Prometheus exporter stays outside the queue's logic.</summary>
public interface IWorkQueueMetrics
{
    void Added();

    void DepthChanged(int depth);

    void Retried();

    /// <summary>A key left the queue for a worker after waiting <paramref name="waited"/>.</summary>
    void Started(TimeSpan waited);

    /// <summary>A worker finished a key after <paramref name="worked"/>.</summary>
    void Finished(TimeSpan worked);
}
