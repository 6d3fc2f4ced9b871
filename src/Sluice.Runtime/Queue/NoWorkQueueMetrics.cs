namespace Sluice.Runtime.Queue;

/// <summary>Metrics that go nowhere, for queues nobody scrapes (tests, tools).</summary>
public sealed class NoWorkQueueMetrics : IWorkQueueMetrics
{
    public static readonly NoWorkQueueMetrics Instance = new();

    public void Added()
    {
    }

    public void DepthChanged(int depth)
    {
    }

    public void Retried()
    {
    }

    public void Started(TimeSpan waited)
    {
    }

    public void Finished(TimeSpan worked)
    {
    }
}
