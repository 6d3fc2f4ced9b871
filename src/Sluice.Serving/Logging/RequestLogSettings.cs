namespace Sluice.Serving.Logging;

/// <summary>How requests are sampled and batched into the store.</summary>
public sealed record RequestLogSettings(IRequestLogSink Sink)
{
    /// <summary>Share of requests logged, 0..1.</summary>
    public double SampleRate { get; init; } = 0.1;

    public string Namespace { get; init; } = "default";

    /// <summary>Feature names (or output names) never written.</summary>
    public IReadOnlySet<string> Redact { get; init; } = new HashSet<string>();

    /// <summary>Rows held in memory at most; beyond that rows are dropped and counted.</summary>
    public int BufferRows { get; init; } = 10_000;

    /// <summary>A file is written when this many rows are waiting or FlushInterval has passed.</summary>
    public int BatchRows { get; init; } = 1_000;

    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(10);
}
