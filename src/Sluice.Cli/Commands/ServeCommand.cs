using Microsoft.Extensions.Logging;
using Sluice.Artifacts;
using Sluice.Cli.Listening;
using Sluice.Serving.Hosting;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Cli.Commands;

/// <summary>`sluice serve`: an ONNX model behind the Open Inference Protocol v2.</summary>
internal sealed class ServeCommand : ICliCommand
{
    // Every option `sluice serve` reads; all of them take a value.
    private static readonly string[] ValueOptions =
    [
        "--model", "--name", "--model-version", "--sha256", "--host", "--port", "--on-load-error", "--load-timeout",
        "--load-retries", "--intra-op-threads", "--inter-op-threads", "--graph-optimization", "--max-batch-size",
        "--max-batch-delay-ms", "--batch-workers", "--max-body-bytes", "--max-concurrency", "--max-queue", "--feature-names", "--profile",
        "--request-log", "--request-log-dir", "--request-log-rate", "--request-log-namespace", "--request-log-batch-rows",
        "--request-log-flush-seconds", "--request-log-buffer-rows", "--redact", "--s3-endpoint", "--drain-seconds",
    ];

    public string Name => "serve";

    public string Summary => "Serve ONNX models over the Open Inference Protocol v2 (REST), with metrics and request logging";

    public string Usage => """
        Usage: sluice serve --model PATH|s3://BUCKET/KEY --name NAME [options]

          --model URI                 model file, file:///path or s3://bucket/key (repeat with --name for several models)
          --name NAME                 model name in /v2/models/NAME (one per --model, same order)
          --model-version V           version label (default 1; one per model, or one for all)
          --sha256 HEX                expected sha256 of the model (one per model)
          --host ADDR                 listen address (default 127.0.0.1; 0.0.0.0 to expose, which
                                      means $SLUICE_BIND_ADDRESS when that is set)
          --port N                    port (default 8080)
          --on-load-error exit|not-ready   exit non-zero (default) or serve with the model not ready
          --load-timeout SECONDS      per-attempt fetch timeout (default 300)
          --load-retries N            fetch retries (default 3)
          --intra-op-threads N        ONNX Runtime intra-op threads (default 1; 0 = ONNX Runtime decides)
          --inter-op-threads N        ONNX Runtime inter-op threads (default 1)
          --graph-optimization none|basic|extended|all   (default all)
          --max-batch-size N          dynamic batching: coalesce up to N rows (default off)
          --max-batch-delay-ms MS     dynamic batching: wait at most MS for a batch to fill (default 2)
          --batch-workers N           dynamic batching: batches run at once, each on its own thread (default 1)
          --max-body-bytes N          larger bodies get 413 (default 16777216)
          --max-concurrency N         requests run at once (default 2 x cores)
          --max-queue N               requests waiting beyond that before 503 (default 512)
          --drain-seconds S           on SIGTERM, report not ready but keep answering for S seconds, so a
                                      Service stops sending requests before the server closes (default 0)
          --feature-names a,b,...     feature names in column order for request logs (one list per model;
                                      default: the names the model records, else --profile's, else INPUT_INDEX)
          --profile URI               the model's training profile (sluice.dev/profile/v1; a path, file:///path or
                                      s3://bucket/key, one per model), read at start: its features less the target
                                      name the values when the model does not and they are as many as a row has
          --request-log URI           write sampled request logs to the artifact store at URI: s3://bucket[/prefix],
                                      file:///dir or a directory (files go under serving-logs/NS/MODEL/VERSION/...)
          --request-log-dir DIR       same as --request-log DIR
          --request-log-rate R        share of requests logged, 0..1 (default 0.1)
          --request-log-namespace NS  namespace in the log path (default "default")
          --request-log-batch-rows N  write a file when N rows are waiting (default 1000)
          --request-log-flush-seconds S   write waiting rows at least every S seconds (default 10)
          --request-log-buffer-rows N rows held while the store is slow; more are dropped and counted (default 10000)
          --redact a,b                feature or output names never logged
          --s3-endpoint URL           S3 endpoint for s3:// URIs (default $SLUICE_S3_ENDPOINT, else AWS);
                                      credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: [], values: ValueOptions);
        var (options, logUri, requestLog) = ReadOptions(reader);
        IArtifactStore? logStore = null;
        if (logUri is not null && requestLog is not null)
        {
            try
            {
                logStore = await ArtifactStoreFactory.OpenRootAsync(logUri, options.S3, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"option --request-log: {ex.Message}");
            }
            catch (Minio.Exceptions.MinioException ex)
            {
                await context.Error.WriteLineAsync($"error: option --request-log {logUri}: {ex.Message} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and SLUICE_S3_ENDPOINT or --s3-endpoint)").ConfigureAwait(false);
                return 1;
            }

            options = options with { RequestLog = requestLog(new ArtifactStoreRequestLogSink(logStore)) };
        }

        try
        {
            return await ServeAsync(options, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (logStore as IDisposable)?.Dispose();
        }
    }

    private static async Task<int> ServeAsync(ServingOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        // Per-request framework logs would cost more than the inference; failures are counted in /metrics instead.
        // Hosting.Diagnostics is off entirely: while any of its levels is enabled, ASP.NET starts an Activity per request.
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
            // A failure to start (a port in use) is reported below as one line, not as the host's stack trace.
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None));
        ServingHost host;
        try
        {
            host = await ServingHost.StartAsync(options, loggerFactory, CliVersion.Value, context.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelLoadException ex)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception ex) when (ListenFailure.IsBindFailure(ex))
        {
            var endpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(options.Host), options.Port);
            await context.Error.WriteLineAsync($"sluice serve: {ListenFailure.Describe(ex, endpoint, "--port", "--host")}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        await using (host.ConfigureAwait(false))
        {
            await context.Out.WriteLineAsync($"serving {string.Join(", ", options.Models.Select(m => m.Name))} on {host.BaseAddress} (Ctrl+C to stop)").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (options.Drain > TimeSpan.Zero)
                {
                    await context.Out.WriteLineAsync($"stopping: not ready, still answering for {options.Drain.TotalSeconds:0.###}s").ConfigureAwait(false);
                }

                await host.DrainAsync(options.Drain, context.Time).ConfigureAwait(false);
                await context.Out.WriteLineAsync("stopping: flushing request logs").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static (ServingOptions Options, string? LogUri, Func<IRequestLogSink, RequestLogSettings>? RequestLog) ReadOptions(ArgReader reader)
    {
        reader.NoPositionals();
        var uris = reader.All("--model");
        var names = reader.All("--name");
        if (uris.Count == 0)
        {
            throw new UsageException("option --model is required (a path, file:///path or s3://bucket/key)");
        }

        if (names.Count != uris.Count)
        {
            throw new UsageException($"give one --name per --model ({uris.Count} --model, {names.Count} --name)");
        }

        var versions = PerModel(reader.All("--model-version"), uris.Count, "--model-version");
        var hashes = PerModel(reader.All("--sha256"), uris.Count, "--sha256");
        var onError = reader.Optional("--on-load-error") ?? "exit";
        if (onError is not ("exit" or "not-ready"))
        {
            throw new UsageException($"option --on-load-error: \"{onError}\" is not exit or not-ready");
        }

        Microsoft.ML.OnnxRuntime.GraphOptimizationLevel level;
        try
        {
            level = SessionSettings.ParseLevel(reader.Optional("--graph-optimization") ?? "all");
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"option --graph-optimization: {ex.Message}");
        }

        var session = new SessionSettings
        {
            IntraOpThreads = reader.Int("--intra-op-threads", 1, 0, 256),
            InterOpThreads = reader.Int("--inter-op-threads", 1, 0, 256),
            OptimizationLevel = level,
        };
        var maxBatch = reader.Int("--max-batch-size", 0, 0, 65536);
        var delay = reader.Double("--max-batch-delay-ms", 2, 0, 10_000);
        var batchWorkers = reader.Int("--batch-workers", 1, 1, 256);
        var batching = maxBatch > 1 ? new BatchingSettings(maxBatch, TimeSpan.FromMilliseconds(delay), batchWorkers) : null;
        var logUri = reader.Optional("--request-log");
        var logDir = reader.Optional("--request-log-dir");
        if (logUri is not null && logDir is not null)
        {
            throw new UsageException("give --request-log or --request-log-dir, not both");
        }

        logUri ??= logDir;
        var featureNames = PerModel(reader.All("--feature-names"), uris.Count, "--feature-names");
        var profiles = PerModel(reader.All("--profile"), uris.Count, "--profile");
        var endpoint = reader.Optional("--s3-endpoint");
        var s3 = S3Settings.FromEnvironment();
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"option --s3-endpoint: \"{endpoint}\" is not an http:// or https:// URL");
            }

            s3 = s3 with { Endpoint = endpoint };
        }

        var rate = reader.Double("--request-log-rate", 0.1, 0, 1);
        var ns = reader.Optional("--request-log-namespace") ?? "default";
        var redact = (reader.Optional("--redact") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var options = new ServingOptions
        {
            Models = uris.Select((u, i) => new ModelSpec(names[i], u)
            {
                Version = versions[i] ?? "1",
                Sha256 = hashes[i],
                Session = session,
                Batching = batching,
                FeatureNames = featureNames[i]?.Split(',', StringSplitOptions.TrimEntries),
                Profile = profiles[i],
            }).ToList(),
            Host = reader.Optional("--host") ?? "127.0.0.1",
            Port = reader.Int("--port", 8080, 0, 65535),
            ExitOnLoadError = onError == "exit",
            LoadTimeout = TimeSpan.FromSeconds(reader.Double("--load-timeout", 300, 0.1, 86400)),
            LoadRetries = reader.Int("--load-retries", 3, 0, 100),
            MaxRequestBodyBytes = reader.Int("--max-body-bytes", 16 << 20, 1024, int.MaxValue),
            MaxConcurrency = reader.Int("--max-concurrency", Math.Max(2, Environment.ProcessorCount * 2), 1, 100_000),
            MaxQueue = reader.Int("--max-queue", 512, 0, 1_000_000),
            Drain = TimeSpan.FromSeconds(reader.Double("--drain-seconds", 0, 0, 3600)),
            S3 = s3,
        };
        var batchRows = reader.Int("--request-log-batch-rows", 1000, 1, 1_000_000);
        var flush = TimeSpan.FromSeconds(reader.Double("--request-log-flush-seconds", 10, 0.01, 86400));
        var bufferRows = reader.Int("--request-log-buffer-rows", 10_000, 0, 100_000_000);
        Func<IRequestLogSink, RequestLogSettings>? requestLog = logUri is null ? null : sink => new RequestLogSettings(sink)
        {
            SampleRate = rate,
            Namespace = ns,
            Redact = redact,
            BatchRows = batchRows,
            FlushInterval = flush,
            BufferRows = bufferRows,
        };
        if (!System.Net.IPAddress.TryParse(options.Host, out var host))
        {
            throw new UsageException($"option --host: \"{options.Host}\" is not an IP address (use 127.0.0.1 or 0.0.0.0)");
        }

        // 0.0.0.0 means "the pod's network": where pods share this machine's, the kubelet names the pod's address.
        try
        {
            options = options with { Host = Sluice.Runtime.Hosting.PodBindAddress.Resolve(host).ToString() };
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        if (featureNames.Any(f => f is not null && f.Split(',', StringSplitOptions.TrimEntries).Any(n => n.Length == 0)))
        {
            throw new UsageException("option --feature-names: a name is empty; give a,b,c with no empty names");
        }

        return (options, logUri, requestLog);
    }

    private static string?[] PerModel(IReadOnlyList<string> values, int models, string option) => values.Count switch
    {
        0 => new string?[models],
        1 => Enumerable.Repeat<string?>(values[0], models).ToArray(),
        _ when values.Count == models => values.ToArray<string?>(),
        _ => throw new UsageException($"give {option} once for all models or once per --model ({models})"),
    };
}
