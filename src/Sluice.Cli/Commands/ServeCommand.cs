using Microsoft.Extensions.Logging;
using Sluice.Serving.Hosting;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;

namespace Sluice.Cli.Commands;

/// <summary>`sluice serve`: an ONNX model behind the Open Inference Protocol v2.</summary>
internal sealed class ServeCommand : ICliCommand
{
    public string Name => "serve";

    public string Summary => "Serve ONNX models over the Open Inference Protocol v2 (REST), with metrics and request logging";

    public string Usage => """
        usage: sluice serve --model PATH|s3://BUCKET/KEY --name NAME [options]
          --model URI                 model file, file:///path or s3://bucket/key (repeat with --name for several models)
          --name NAME                 model name in /v2/models/NAME (one per --model, same order)
          --model-version V           version label (default 1; one per model, or one for all)
          --sha256 HEX                expected sha256 of the model (one per model)
          --host ADDR                 listen address (default 127.0.0.1; 0.0.0.0 to expose)
          --port N                    port (default 8080)
          --on-load-error exit|not-ready   exit non-zero (default) or serve with the model not ready
          --load-timeout SECONDS      per-attempt fetch timeout (default 300)
          --load-retries N            fetch retries (default 3)
          --intra-op-threads N        ONNX Runtime intra-op threads (default 1; 0 = ONNX Runtime decides)
          --inter-op-threads N        ONNX Runtime inter-op threads (default 1)
          --graph-optimization none|basic|extended|all   (default all)
          --max-batch-size N          dynamic batching: coalesce up to N rows (default off)
          --max-batch-delay-ms MS     dynamic batching: wait at most MS for a batch to fill (default 2)
          --max-body-bytes N          larger bodies get 413 (default 16777216)
          --max-concurrency N         requests run at once (default 2 x cores)
          --max-queue N               requests waiting beyond that before 503 (default 512)
          --request-log-dir DIR       write sampled request logs under DIR (serving-logs/...)
          --request-log-rate R        share of requests logged, 0..1 (default 0.1)
          --request-log-namespace NS  namespace in the log path (default "default")
          --redact a,b                feature or output names never logged
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, new HashSet<string>());
        var options = ReadOptions(reader);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
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

        await using (host.ConfigureAwait(false))
        {
            await context.Out.WriteLineAsync($"serving {string.Join(", ", options.Models.Select(m => m.Name))} on {host.BaseAddress} (Ctrl+C to stop)").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await context.Out.WriteLineAsync("stopping: flushing request logs").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static ServingOptions ReadOptions(ArgReader reader)
    {
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
        var batching = maxBatch > 1 ? new BatchingSettings(maxBatch, TimeSpan.FromMilliseconds(delay)) : null;
        var logDir = reader.Optional("--request-log-dir");
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
            }).ToList(),
            Host = reader.Optional("--host") ?? "127.0.0.1",
            Port = reader.Int("--port", 8080, 0, 65535),
            ExitOnLoadError = onError == "exit",
            LoadTimeout = TimeSpan.FromSeconds(reader.Double("--load-timeout", 300, 0.1, 86400)),
            LoadRetries = reader.Int("--load-retries", 3, 0, 100),
            MaxRequestBodyBytes = reader.Int("--max-body-bytes", 16 << 20, 1024, int.MaxValue),
            MaxConcurrency = reader.Int("--max-concurrency", Math.Max(2, Environment.ProcessorCount * 2), 1, 100_000),
            MaxQueue = reader.Int("--max-queue", 512, 0, 1_000_000),
            RequestLog = logDir is null ? null : new RequestLogSettings(new DirectoryRequestLogSink(Path.GetFullPath(logDir)))
            {
                SampleRate = rate,
                Namespace = ns,
                Redact = redact,
            },
        };
        reader.EnsureNoUnknownOptions();
        if (!System.Net.IPAddress.TryParse(options.Host, out _))
        {
            throw new UsageException($"option --host: \"{options.Host}\" is not an IP address (use 127.0.0.1 or 0.0.0.0)");
        }

        return options;
    }

    private static string?[] PerModel(IReadOnlyList<string> values, int models, string option) => values.Count switch
    {
        0 => new string?[models],
        1 => Enumerable.Repeat<string?>(values[0], models).ToArray(),
        _ when values.Count == models => values.ToArray<string?>(),
        _ => throw new UsageException($"give {option} once for all models or once per --model ({models})"),
    };
}
