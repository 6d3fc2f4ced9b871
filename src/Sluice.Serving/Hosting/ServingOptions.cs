using Sluice.Artifacts;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Serving.Hosting;

/// <summary>Everything `sluice serve` configures.</summary>
public sealed record ServingOptions
{
    public required IReadOnlyList<ModelSpec> Models { get; init; }

    /// <summary>Loopback by default: exposing the server is a deliberate choice.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 8080;

    public long MaxRequestBodyBytes { get; init; } = 16 << 20;

    /// <summary>Requests being decoded or run at once per server; beyond MaxConcurrency + MaxQueue, 503.</summary>
    public int MaxConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    public int MaxQueue { get; init; } = 512;

    /// <summary>Exit on a model that fails to load (true) or serve with that model not ready (false).</summary>
    public bool ExitOnLoadError { get; init; } = true;

    public TimeSpan LoadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public int LoadRetries { get; init; } = 3;

    public RequestLogSettings? RequestLog { get; init; }

    /// <summary>
    /// After the stop signal, how long the server keeps answering while reporting not ready, so the Endpoints
    /// behind a Service drop it before it closes (a pod is SIGTERMed while proxies may still send it requests).
    /// </summary>
    public TimeSpan Drain { get; init; } = TimeSpan.Zero;

    /// <summary>How s3:// models are fetched; null reads SLUICE_S3_ENDPOINT and AWS_* from the environment.</summary>
    public S3Settings? S3 { get; init; }

    public IReadOnlyList<IModelSource> ExtraSources { get; init; } = [];
}
