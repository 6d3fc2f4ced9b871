using System.Text.Json;
using Sluice.Artifacts;
using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Runs;

namespace Sluice.Runner;

/// <summary>
/// Runs a validated pipeline (see <see cref="PipelineFile"/>) on this machine: stages in DAG order, independent ones in
/// parallel, each as a child process with the stage contract a Kubernetes Job gets; retries with backoff, timeouts,
/// cancellation that kills every child.
/// </summary>
public sealed class PipelineRunner(IRunReporter reporter, TimeProvider time)
{
    /// <summary>
    /// The run's parameter values: every <c>--param</c> must be declared and every declared parameter without a
    /// default must be given. Check this before saying a run starts: a wrong parameter is a command-line error.
    /// </summary>
    /// <exception cref="PipelineException">A parameter is unknown or missing; the message names it.</exception>
    public static IReadOnlyDictionary<string, string> Parameters(Pipeline pipeline, IReadOnlyDictionary<string, string> given) =>
        ParameterResolver.Params(pipeline, given);

    public async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions options, CancellationToken cancellationToken)
    {
        var stages = pipeline.Spec.Stages;
        var pipelineName = pipeline.Metadata.Name ?? throw new PipelineException("the pipeline has no metadata.name");
        var parameters = ParameterResolver.Params(pipeline, options.Params);
        var @namespace = string.IsNullOrEmpty(pipeline.Metadata.Namespace) ? "default" : pipeline.Metadata.Namespace;
        var location = ArtifactLocation.Parse(options.ArtifactsRoot, options.WorkingDirectory);
        var processEnvironment = options.Environment ?? System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var localCommands = LocalCommands.Of(pipeline);
        string? docker = null;
        if (options.UseDocker && stages.Any(s => !StageImages.IsSluice(s.Image)))
        {
            docker = await DockerEngine.RequireAsync(processEnvironment, cancellationToken);
        }

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

        using var disposeStore = store as IDisposable;
        // The version to beat is pinned before any stage starts, as the operator pins it in the run's status.
        var modelGate = pipeline.Spec.Model is { } model
            ? await LocalGate.PinAsync(new LocalRegistry(store, @namespace), model, options.BaselineModel, cancellationToken)
            : null;
        var runPrefix = string.Join('/', @namespace, pipelineName, options.RunName);
        var artifactsUri = location.IsS3 ? $"{store.RootUri}/{runPrefix}" : new Uri(Path.Combine(location.Path, runPrefix)).AbsoluteUri;
        var logDirectory = location.IsS3
            ? Path.Combine(options.WorkingDirectory, ".sluice", "logs", @namespace, pipelineName, options.RunName)
            : Path.Combine(location.Path, runPrefix, "_logs");
        var launch = new StageLaunch(pipelineName, @namespace, options, artifactsUri, location.IsS3 ? s3.Endpoint : null, parameters,
            processEnvironment, docker, location.IsS3 ? [options.WorkingDirectory] : [options.WorkingDirectory, location.Path], localCommands,
            modelGate is null ? null : modelGate.Baseline?.Uri ?? "");
        var statuses = stages.ToDictionary(s => s.Name, s => new StageStatus(s.Name), StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            statuses[stage.Name].Outputs = (stage.Outputs ?? []).ToDictionary(o => o, o => store.UriOf($"{runPrefix}/{stage.Name}/{o}"), StringComparer.Ordinal);
            statuses[stage.Name].LogPath = Path.Combine(logDirectory, stage.Name + ".log");
            reporter.StageChanged(statuses[stage.Name]);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        var cancelled = false;
        while (true)
        {
            // The operator's planner: a stage starts when its upstreams succeeded and is skipped when one did not.
            var step = RunPlanner.Next(StageGraph.Views(stages, n => running.ContainsKey(n) ? StagePhase.Running : statuses[n].Phase), cancelRequested: false);
            foreach (var status in step.Skip.Select(n => statuses[n]))
            {
                status.Phase = cancellationToken.IsCancellationRequested ? StagePhase.Cancelled : StagePhase.Skipped;
                status.Message = cancellationToken.IsCancellationRequested
                    ? "the run was cancelled"
                    : StageGraph.SkipMessage(StageGraph.Upstreams(stages.First(s => s.Name == status.Name)).Where(u => statuses[u].Phase != StagePhase.Succeeded));
                reporter.StageChanged(status);
            }

            foreach (var stage in stop.IsCancellationRequested ? [] : stages.Where(s => step.Start.Contains(s.Name)))
            {
                running[stage.Name] = RunStageAsync(stage, statuses, launch, new StageOutputs(store, $"{runPrefix}/{stage.Name}"), gate, stop.Token);
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
        foreach (var stage in stages.Where(s => statuses[s.Name].Phase == StagePhase.Succeeded))
        {
            foreach (var output in (stage.Outputs ?? []).Where(o => o.Contains("metrics", StringComparison.OrdinalIgnoreCase)))
            {
                if (await TryReadMetricsAsync(store, $"{runPrefix}/{stage.Name}/{output}", CancellationToken.None) is { } m)
                {
                    metrics[$"{stage.Name}/{output}"] = m;
                }
            }
        }

        var succeeded = !cancelled && statuses.Values.All(s => s.Phase == StagePhase.Succeeded);
        var verdict = succeeded && modelGate is not null ? await modelGate.DecideAsync(pipelineName, options.RunName, statuses, cancellationToken) : null;
        return new RunResult(options.RunName, artifactsUri, succeeded, cancelled, [.. stages.Select(s => statuses[s.Name])], metrics, verdict);
    }

    private async Task RunStageAsync(Stage stage, Dictionary<string, StageStatus> statuses, StageLaunch launch, StageOutputs produced, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        var status = statuses[stage.Name];
        var inputs = (stage.Inputs ?? []).ToDictionary(i => i.Name, i => statuses[i.From].Outputs[i.Name], StringComparer.Ordinal);
        var maxAttempts = StageRetries.MaxAttempts(stage);
        var timeout = stage.Timeout is { } t ? GoDuration.Parse(t) : (TimeSpan?)null;
        try
        {
            _ = launch.Prepare(stage, 1, inputs, status.Outputs);
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
            if ((stage.EnvFrom ?? []).Count > 0)
            {
                reporter.StageOutput(status, "note: a local run does not read envFrom Secrets or ConfigMaps; the variables of your own environment are passed through");
            }

            for (var attempt = 1; ; attempt++)
            {
                status.Attempt = attempt;
                status.Phase = StagePhase.Running;
                status.Retrying = false;
                reporter.StageChanged(status);
                var prepared = launch.Prepare(stage, attempt, inputs, status.Outputs);
                var resultsFile = StageResultsFile.For(status.LogPath!, attempt, prepared);
                AttemptResult result;
                try
                {
                    result = await StageProcess.RunAsync(prepared.CommandLine, resultsFile.Environment, launch.Options.WorkingDirectory, timeout, status.LogPath!,
                        line => reporter.StageOutput(status, line), cancellationToken);
                }
                catch (OperationCanceledException) when (prepared.ContainerName is not null)
                {
                    await DockerEngine.RemoveContainerAsync(launch.Docker!, prepared.ContainerName, prepared.Environment);
                    throw;
                }

                if (result.Succeeded)
                {
                    result = await CheckOutputsAsync(result, stage, produced, cancellationToken);
                }

                if (result.Succeeded && resultsFile.Read() is { } parsed)
                {
                    if (parsed.Error is { } invalid)
                    {
                        // As under the operator: results that cannot be read fail the stage, and a retry would not change them.
                        Finish(status, StagePhase.Failed, $"the stage succeeded but {invalid}");
                        return;
                    }

                    status.Results = parsed.Results;
                }

                if (result.Succeeded)
                {
                    Finish(status, StagePhase.Succeeded, null);
                    return;
                }

                if (result.TimedOut && prepared.ContainerName is not null)
                {
                    await DockerEngine.RemoveContainerAsync(launch.Docker!, prepared.ContainerName, prepared.Environment);
                }

                var why = result.TimedOut ? result.LastError!
                    : result.ExitCode == 0 ? $"exit code 0 but {result.LastError}"
                    : $"exit code {result.ExitCode}{(result.LastError is null ? "" : ": " + result.LastError)}";
                if (attempt >= maxAttempts)
                {
                    Finish(status, StagePhase.Failed, $"attempt {attempt} of {maxAttempts} failed, {why} (log: {status.LogPath})");
                    return;
                }

                var delay = StageRetries.DelayBefore(stage, attempt + 1);
                status.Retrying = true;
                status.Message = $"attempt {attempt} failed, {why}; retrying in {delay.TotalSeconds:F1}s";
                reporter.StageChanged(status);
                await Task.Delay(delay, time, cancellationToken);
                status.Message = null;
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

    private static async Task<AttemptResult> CheckOutputsAsync(AttemptResult result, Stage stage, StageOutputs produced, CancellationToken cancellationToken)
    {
        try
        {
            var missing = await produced.MissingAsync(stage.Outputs ?? [], cancellationToken);
            return missing.Count == 0 ? result : result with
            {
                Succeeded = false,
                LastError = $"it did not write its output{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"{m} ({StageLaunch.VariableName("OUTPUT", m)})"))}",
            };
        }
        catch (ArtifactStoreException e)
        {
            return result with { Succeeded = false, LastError = $"its outputs cannot be checked: {e.Message}" };
        }
    }

    private void Finish(StageStatus status, StagePhase phase, string? message)
    {
        status.Phase = phase;
        status.Retrying = false;
        status.Message = message;
        status.Finished = time.GetUtcNow();
        reporter.StageChanged(status);
    }

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
