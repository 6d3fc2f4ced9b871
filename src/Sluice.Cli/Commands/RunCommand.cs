using Sluice.Runner;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice run PIPELINE.yaml</c>: runs a Pipeline on this machine, stages as child processes.</summary>
internal sealed class RunCommand : ICliCommand
{
    public string Name => "run";

    public string Summary => "run a Pipeline on this machine (artifacts in .sluice/artifacts or S3)";

    public string Usage => """
        Usage: sluice run PIPELINE.yaml [--param NAME=VALUE ...] [--artifacts DIR | --s3 s3://BUCKET/PREFIX]
                          [--run-name NAME] [--pipeline NAME] [--parallelism 4] [--baseline MODEL] [--docker] [--plain]

          PIPELINE.yaml     checked as `sluice validate` checks it; other documents in the file are ignored
          --artifacts DIR   local artifact store (default .sluice/artifacts under the working directory)
          --s3 URI          S3 artifact store; endpoint and credentials from SLUICE_S3_ENDPOINT, AWS_ACCESS_KEY_ID,
                            AWS_SECRET_ACCESS_KEY; the bucket is created when missing
          --pipeline NAME   the Pipeline to run when the file holds several
          --baseline MODEL  the serving model the gate compares with (an ONNX file or URI); by default the last
                            version this artifact store registered (registry/NAMESPACE/MODEL/VERSION.json)
          --docker          run stages whose image is not Sluice's with the local Docker engine (docker run,
                            command as --entrypoint, the working directory mounted at the same path)
          --plain           plain progress lines even on a terminal
        Stages on the Sluice image (sluice, or any repository ending in /sluice) run as `sluice ARGS` with this
        executable. Exit code 0 when every stage succeeded (also when the gate refused the model), 1 when one failed,
        130 when cancelled.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: ["--docker", "--plain"],
            values: ["--param", "--artifacts", "--s3", "--run-name", "--pipeline", "--parallelism", "--baseline"]);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in reader.All("--param"))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"option --param: \"{raw}\" is not NAME=VALUE");
            }

            parameters[raw[..eq]] = raw[(eq + 1)..];
        }

        var artifacts = reader.Optional("--artifacts");
        var s3 = reader.Optional("--s3");
        var runName = reader.Optional("--run-name");
        var pipelineName = reader.Optional("--pipeline");
        var parallelism = reader.Int("--parallelism", 4, 1, 64);
        var docker = reader.Flag("--docker");
        var plain = reader.Flag("--plain");
        var baseline = reader.Optional("--baseline");
        if (reader.Positionals.Count != 1)
        {
            throw new UsageException(reader.Positionals.Count == 0 ? "give the pipeline file: sluice run PIPELINE.yaml" : $"give one pipeline file, not {reader.Positionals.Count}");
        }

        if (artifacts is not null && s3 is not null)
        {
            throw new UsageException("give --artifacts or --s3, not both");
        }

        if (s3 is not null && !s3.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw new UsageException($"option --s3: \"{s3}\" is not an s3://bucket/prefix URI");
        }

        if (runName is not null && (runName.Length == 0 || runName.Contains('/', StringComparison.Ordinal)))
        {
            throw new UsageException($"option --run-name: \"{runName}\" must be non-empty and contain no '/'");
        }

        if (baseline is not null && !baseline.Contains("://", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(baseline, context.WorkingDirectory);
            if (!File.Exists(path))
            {
                throw new UsageException($"option --baseline: model file {baseline} does not exist");
            }

            baseline = path;
        }

        var file = Path.GetFullPath(reader.Positionals[0], context.WorkingDirectory);
        if (!File.Exists(file))
        {
            await context.Error.WriteLineAsync($"sluice run: pipeline file {reader.Positionals[0]} does not exist");
            return ExitCodes.Failure;
        }

        try
        {
            var pipeline = PipelineFile.Parse(await File.ReadAllTextAsync(file, cancellationToken), reader.Positionals[0], pipelineName);
            try
            {
                PipelineRunner.Parameters(pipeline, parameters);
            }
            catch (PipelineException e)
            {
                throw new UsageException(e.Message);
            }

            runName ??= $"{pipeline.Metadata.Name}-{context.Time.GetUtcNow():yyyyMMdd-HHmmss}".ToLowerInvariant();
            var options = new RunOptions(
                s3 ?? artifacts ?? Path.Combine(context.WorkingDirectory, ".sluice", "artifacts"),
                runName, parameters, SluiceCommand(), context.WorkingDirectory, docker, parallelism, BaselineModel: baseline);
            var live = !plain && ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
            await context.Out.WriteLineAsync($"running pipeline {pipeline.Metadata.Name} as {runName} ({pipeline.Spec.Stages.Count} stages)");
            RunResult result;
            if (live)
            {
                var reporter = new LiveTableReporter(AnsiConsole.Console, context.Time);
                result = await reporter.ShowWhileAsync(() => new PipelineRunner(reporter, context.Time).RunAsync(pipeline, options, cancellationToken));
            }
            else
            {
                result = await new PipelineRunner(new PlainRunReporter(context.Out, context.Time), context.Time).RunAsync(pipeline, options, cancellationToken);
            }

            RunSummaryWriter.Write(context.Out, result, context.Time);
            return result.Succeeded ? ExitCodes.Success : result.Cancelled ? ExitCodes.Cancelled : ExitCodes.Failure;
        }
        catch (PipelineException e)
        {
            await context.Error.WriteLineAsync($"sluice run: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>How to start this very executable again: the apphost when there is one, else <c>dotnet sluice.dll</c>.</summary>
    internal static IReadOnlyList<string> SluiceCommand()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "sluice")
        {
            return [processPath];
        }

        var assembly = typeof(RunCommand).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, "sluice");
        return File.Exists(apphost) ? [apphost] : [processPath ?? "dotnet", assembly];
    }
}
