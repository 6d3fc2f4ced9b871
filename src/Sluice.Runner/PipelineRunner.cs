using System.Globalization;
using System.Text.Json;
using Sluice.Artifacts;

namespace Sluice.Runner;

/// <summary>
/// Runs a pipeline on this machine: stages in DAG order, independent ones in parallel, each as a child process with
/// the stage contract a Kubernetes Job gets; retries with backoff, timeouts, cancellation that kills every child.
/// </summary>
public sealed class PipelineRunner(IRunReporter reporter, TimeProvider time)
{
    public async Task<RunResult> RunAsync(LocalPipeline pipeline, RunOptions options, CancellationToken cancellationToken)
    {
        var upstreams = DagPlanner.Upstreams(pipeline);
        var parameters = ParameterResolver.Params(pipeline, options.Params);
        var @namespace = pipeline.Namespace ?? "default";
        var location = ArtifactLocation.Parse(options.ArtifactsRoot, options.WorkingDirectory);
        var processEnvironment = options.Environment ?? System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var s3 = S3Settings.FromEnvironment(processEnvironment) with { CreateBucket = true };
        IArtifactStore store;
        try
        {
            store = await ArtifactStoreFactory.OpenRootAsync(location.ToString(), s3, cancellationToken);
        }
        catch (ArtifactStoreException e)
        {
            throw new PipelineException($"cannot open the artifact store {location}: {e.Message}");
        }

        var runPrefix = string.Join('/', @namespace, pipeline.Name, options.RunName);
        var artifactsUri = location.IsS3 ? $"{store.RootUri}/{runPrefix}" : new Uri(Path.Combine(location.Path, runPrefix)).AbsoluteUri;
        var logDirectory = location.IsS3
            ? Path.Combine(options.WorkingDirectory, ".sluice", "logs", @namespace, pipeline.Name, options.RunName)
            : Path.Combine(location.Path, runPrefix, "_logs");
        var statuses = pipeline.Stages.ToDictionary(s => s.Name, s => new StageStatus(s.Name), StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages)
        {
            statuses[stage.Name].Outputs = stage.Outputs.ToDictionary(o => o, o => store.UriOf($"{runPrefix}/{stage.Name}/{o}"), StringComparer.Ordinal);
            statuses[stage.Name].LogPath = Path.Combine(logDirectory, stage.Name + ".log");
            reporter.StageChanged(statuses[stage.Name]);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        var cancelled = false;
        while (true)
        {
            foreach (var stage in pipeline.Stages.Where(s => statuses[s.Name].Phase == StagePhase.Pending && !running.ContainsKey(s.Name)))
            {
                var ups = upstreams[stage.Name].Select(u => statuses[u]).ToList();
                if (ups.Any(u => u.Phase is StagePhase.Failed or StagePhase.Skipped or StagePhase.Cancelled))
                {
                    var status = statuses[stage.Name];
                    status.Phase = cancellationToken.IsCancellationRequested ? StagePhase.Cancelled : StagePhase.Skipped;
                    status.Message = cancellationToken.IsCancellationRequested
                        ? "the run was cancelled"
                        : $"upstream stage {ups.First(u => u.Phase is StagePhase.Failed or StagePhase.Skipped or StagePhase.Cancelled).Name} did not succeed";
                    reporter.StageChanged(status);
                }
                else if (ups.All(u => u.Phase == StagePhase.Succeeded) && !stop.IsCancellationRequested)
                {
                    running[stage.Name] = RunStageAsync(stage, statuses, parameters, options, @namespace, pipeline.Name, artifactsUri, processEnvironment, gate, stop.Token);
                }
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Values);
            running.Remove(running.First(r => r.Value == done).Key);
            try
            {
                await done;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            foreach (var status in statuses.Values.Where(s => s.Phase is StagePhase.Pending))
            {
                status.Phase = StagePhase.Cancelled;
                status.Message = "the run was cancelled";
                reporter.StageChanged(status);
            }
        }

        var metrics = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Stages.Where(s => statuses[s.Name].Phase == StagePhase.Succeeded))
        {
            foreach (var output in stage.Outputs.Where(o => o.Contains("metrics", StringComparison.OrdinalIgnoreCase)))
            {
                if (await TryReadMetricsAsync(store, $"{runPrefix}/{stage.Name}/{output}", CancellationToken.None) is { } m)
                {
                    metrics[$"{stage.Name}/{output}"] = m;
                }
            }
        }

        var succeeded = !cancelled && statuses.Values.All(s => s.Phase == StagePhase.Succeeded);
        (store as IDisposable)?.Dispose();
        return new RunResult(options.RunName, artifactsUri, succeeded, cancelled, [.. pipeline.Stages.Select(s => statuses[s.Name])], metrics);
    }

    private async Task RunStageAsync(LocalStage stage, Dictionary<string, StageStatus> statuses, IReadOnlyDictionary<string, string> parameters,
        RunOptions options, string @namespace, string pipeline, string artifactsUri, IReadOnlyDictionary<string, string?> processEnvironment,
        SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var status = statuses[stage.Name];
        var inputs = stage.Inputs.ToDictionary(i => i.Name, i => statuses[i.Stage].Outputs[i.Name], StringComparer.Ordinal);
        var outputs = status.Outputs;
        string Resolve(string text) => ParameterResolver.Resolve(text, stage.Name, parameters, inputs, outputs);
        List<string> commandLine;
        try
        {
            commandLine = CommandLine(stage, options, Resolve);
        }
        catch (PipelineException e)
        {
            Finish(status, StagePhase.Failed, e.Message);
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            status.Started = time.GetUtcNow();
            for (var attempt = 1; ; attempt++)
            {
                status.Attempt = attempt;
                status.Phase = StagePhase.Running;
                reporter.StageChanged(status);
                var environment = new Dictionary<string, string?>(processEnvironment, StringComparer.Ordinal);
                foreach (var (name, value) in stage.Env)
                {
                    environment[name] = Resolve(value);
                }

                environment["SLUICE_PIPELINE"] = pipeline;
                environment["SLUICE_RUN"] = options.RunName;
                environment["SLUICE_STAGE"] = stage.Name;
                environment["SLUICE_ATTEMPT"] = attempt.ToString(CultureInfo.InvariantCulture);
                environment["SLUICE_NAMESPACE"] = @namespace;
                environment["SLUICE_ARTIFACTS_URI"] = artifactsUri;
                foreach (var (name, uri) in inputs)
                {
                    environment[VariableName("INPUT", name)] = uri;
                }

                foreach (var (name, uri) in outputs)
                {
                    environment[VariableName("OUTPUT", name)] = uri;
                }

                var result = await StageProcess.RunAsync(commandLine, environment, options.WorkingDirectory, stage.Timeout, status.LogPath!,
                    line => reporter.StageOutput(status, line), cancellationToken);
                if (result.Succeeded)
                {
                    Finish(status, StagePhase.Succeeded, null);
                    return;
                }

                var why = result.TimedOut ? result.LastError! : $"exit code {result.ExitCode}{(result.LastError is null ? "" : ": " + result.LastError)}";
                if (attempt > stage.Retry.Limit)
                {
                    Finish(status, StagePhase.Failed, $"attempt {attempt} of {stage.Retry.Limit + 1} failed, {why} (log: {status.LogPath})");
                    return;
                }

                status.Phase = StagePhase.Retrying;
                status.Message = $"attempt {attempt} failed, {why}; retrying in {stage.Retry.DelayBefore(attempt).TotalSeconds:F1}s";
                reporter.StageChanged(status);
                await Task.Delay(stage.Retry.DelayBefore(attempt), time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Finish(status, StagePhase.Cancelled, "the run was cancelled");
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private void Finish(StageStatus status, StagePhase phase, string? message)
    {
        status.Phase = phase;
        status.Message = message;
        status.Finished = time.GetUtcNow();
        reporter.StageChanged(status);
    }

    private static List<string> CommandLine(LocalStage stage, RunOptions options, Func<string, string> resolve)
    {
        var command = stage.Command.Select(resolve).ToList();
        var args = stage.Args.Select(resolve).ToList();
        if (stage.UsesSluiceImage)
        {
            if (command.Count > 0 && (command[0] == "sluice" || command[0].EndsWith("/sluice", StringComparison.Ordinal)))
            {
                command.RemoveAt(0);
            }

            return [.. options.SluiceCommand, .. command, .. args];
        }

        if (!options.UseDocker)
        {
            throw new PipelineException($"stage \"{stage.Name}\" uses image {stage.Image}, which is not the Sluice image; a local run starts it only with --docker (needs a Docker engine)");
        }

        return ["docker", "run", "--rm", "--network", "host", "-v", $"{options.WorkingDirectory}:{options.WorkingDirectory}", "-w", options.WorkingDirectory,
            .. DockerEnv(stage), stage.Image, .. command, .. args];
    }

    private static IEnumerable<string> DockerEnv(LocalStage stage) =>
        // The contract variables are set on the docker client process and passed through by name, so secrets never
        // appear on a command line.
        new[] { "SLUICE_PIPELINE", "SLUICE_RUN", "SLUICE_STAGE", "SLUICE_ATTEMPT", "SLUICE_NAMESPACE", "SLUICE_ARTIFACTS_URI", "SLUICE_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" }
            .Concat(stage.Inputs.Select(i => VariableName("INPUT", i.Name)))
            .Concat(stage.Outputs.Select(o => VariableName("OUTPUT", o)))
            .Concat(stage.Env.Keys)
            .SelectMany(name => new[] { "-e", name });

    internal static string VariableName(string kind, string artifact) =>
        $"SLUICE_{kind}_{artifact.ToUpperInvariant().Replace('-', '_').Replace('.', '_')}";

    private static async Task<IReadOnlyDictionary<string, double>?> TryReadMetricsAsync(IArtifactStore store, string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await store.GetAsync(key, cancellationToken);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return doc.RootElement.ValueKind != JsonValueKind.Object ? null : doc.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Name != "rows")
                .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is ArtifactStoreException or JsonException)
        {
            return null;
        }
    }
}
