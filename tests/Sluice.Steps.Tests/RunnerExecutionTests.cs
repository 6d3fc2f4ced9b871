using StagePhase = Sluice.Core.Api.StagePhase;
using System.Collections.Concurrent;
using Sluice.Runner;

namespace Sluice.Steps.Tests;

/// <summary>Retries, timeouts, cancellation, parallelism and the environment of real stage processes (shell commands as local stand-ins).</summary>
public sealed class RunnerExecutionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sluice-runner-").FullName;

    /// <summary>Records every line and signals when a stage starts running.</summary>
    private sealed class RecordingReporter : IRunReporter
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public TaskCompletionSource<string> FirstRunning { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void StageChanged(StageStatus stage)
        {
            Lines.Enqueue($"[{stage.Name}] {(stage.Retrying ? "Retrying" : stage.Phase.ToString())} {stage.Message}");
            if (stage.Phase == StagePhase.Running)
            {
                FirstRunning.TrySetResult(stage.Name);
            }
        }

        public void StageOutput(StageStatus stage, string line) => Lines.Enqueue($"[{stage.Name}] | {line}");
    }

    /// <summary>A pipeline whose stages run shell scripts: each stage is (name, script, extra YAML of the stage).</summary>
    private static Sluice.Core.Api.Pipeline Pipeline(params (string Name, string Script, string Extra)[] stages)
    {
        var annotations = string.Concat(stages.Select(s => $"\n    {LocalCommands.AnnotationPrefix}{s.Name}: '{System.Text.Json.JsonSerializer.Serialize(new[] { "sh", "-c", s.Script }).Replace("'", "''", StringComparison.Ordinal)}'"));
        var list = string.Concat(stages.Select(s => $"\n    - {{name: {s.Name}, image: busybox{(s.Extra.Length > 0 ? ", " + s.Extra : "")}}}"));
        return PipelineFile.Parse($"apiVersion: sluice.dev/v1alpha1\nkind: Pipeline\nmetadata:\n  name: shell\n  annotations:{annotations}\nspec:\n  stages:{list}\n", "shell.yaml");
    }

    private Task<RunResult> RunAsync(Sluice.Core.Api.Pipeline pipeline, IRunReporter reporter, CancellationToken cancellationToken) =>
        new PipelineRunner(reporter, TimeProvider.System).RunAsync(pipeline,
            new RunOptions(Path.Combine(_dir, "artifacts"), "r1", new Dictionary<string, string>(), ["sluice"], _dir), cancellationToken);

    [Fact]
    public async Task A_failed_attempt_is_retried_with_the_next_attempt_number()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reporter = new RecordingReporter();
        var result = await RunAsync(Pipeline(("flaky", "test \"$SLUICE_ATTEMPT\" -ge 3 || { echo \"flaky: attempt $SLUICE_ATTEMPT\" >&2; exit 3; }",
            "retryStrategy: {limit: 3, backoff: {duration: 50ms, factor: 2}}")), reporter, deadline.Token);

        Assert.True(result.Succeeded, string.Join('\n', reporter.Lines));
        Assert.Equal(3, result.Stages[0].Attempt);
        Assert.Contains("[flaky] Retrying attempt 1 failed, exit code 3: flaky: attempt 1; retrying in 0.1s", reporter.Lines);
        Assert.Contains("[flaky] Retrying attempt 2 failed, exit code 3: flaky: attempt 2; retrying in 0.1s", reporter.Lines);
    }

    [Fact]
    public async Task An_attempt_over_its_timeout_is_killed_and_fails_the_stage()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reporter = new RecordingReporter();
        var result = await RunAsync(Pipeline(("slow", "echo $$ > slow.pid; exec sleep 60", "timeout: 1s"), ("after", "true", "dependsOn: [slow]")), reporter, deadline.Token);

        Assert.False(result.Succeeded);
        Assert.Equal(StagePhase.Failed, result.Stages[0].Phase);
        Assert.StartsWith("attempt 1 of 1 failed, timed out after 00:00:01", result.Stages[0].Message, StringComparison.Ordinal);
        Assert.Equal(StagePhase.Skipped, result.Stages[1].Phase);
        Assert.False(Directory.Exists($"/proc/{(await File.ReadAllTextAsync(Path.Combine(_dir, "slow.pid"))).Trim()}"), "the timed-out process must be gone");
    }

    [Fact]
    public async Task Cancelling_kills_running_stages_and_cancels_the_rest()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var reporter = new RecordingReporter();
        var run = RunAsync(Pipeline(("long", "echo $$ > long.pid; exec sleep 60", ""), ("after", "true", "dependsOn: [long]")), reporter, cancel.Token);
        await reporter.FirstRunning.Task.WaitAsync(deadline.Token);
        while (!File.Exists(Path.Combine(_dir, "long.pid")) || (await File.ReadAllTextAsync(Path.Combine(_dir, "long.pid"), deadline.Token)).Trim().Length == 0)
        {
            await Task.Delay(50, deadline.Token);
        }

        await cancel.CancelAsync();
        var result = await run;

        Assert.True(result.Cancelled);
        Assert.False(result.Succeeded);
        Assert.All(result.Stages, s => Assert.Equal(StagePhase.Cancelled, s.Phase));
        Assert.False(Directory.Exists($"/proc/{(await File.ReadAllTextAsync(Path.Combine(_dir, "long.pid"), deadline.Token)).Trim()}"), "the cancelled process must be gone");
    }

    [Fact]
    public async Task Independent_stages_run_at_the_same_time()
    {
        // Each stage waits for the other's marker: this finishes only when both run at once.
        const string Wait = "touch $SLUICE_STAGE.started; i=0; while [ ! -f $OTHER.started ]; do i=$((i+1)); [ $i -gt 200 ] && exit 9; sleep 0.05; done";
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reporter = new RecordingReporter();
        var result = await RunAsync(Pipeline(("left", Wait, "env: [{name: OTHER, value: right}]"), ("right", Wait, "env: [{name: OTHER, value: left}]")), reporter, deadline.Token);
        Assert.True(result.Succeeded, string.Join('\n', reporter.Lines));
    }

    [Fact]
    public async Task A_stage_process_gets_the_stage_contract()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reporter = new RecordingReporter();
        var result = await RunAsync(Pipeline(
            ("make", Write("SLUICE_OUTPUT_TRAIN_SET_CSV"), "outputs: [train-set.csv]"),
            ("show", "env | grep ^SLUICE_ | sort; " + Write("SLUICE_OUTPUT_MODEL"), "dependsOn: [make], inputs: [{name: train-set.csv, from: make}], outputs: [model]")), reporter, deadline.Token);

        Assert.True(result.Succeeded, string.Join('\n', reporter.Lines));
        var prefix = new Uri(Path.Combine(_dir, "artifacts", "default", "shell", "r1")).AbsoluteUri;
        var shown = reporter.Lines.Where(l => l.StartsWith("[show] | SLUICE_", StringComparison.Ordinal)).Select(l => l["[show] | ".Length..]).ToList();
        Assert.Equal([
            $"SLUICE_ARTIFACTS_URI={prefix}",
            "SLUICE_ATTEMPT=1",
            $"SLUICE_INPUT_TRAIN_SET_CSV={prefix}/make/train-set.csv",
            "SLUICE_NAMESPACE=default",
            $"SLUICE_OUTPUT_MODEL={prefix}/show/model",
            "SLUICE_PIPELINE=shell",
            "SLUICE_RUN=r1",
            "SLUICE_STAGE=show",
            "SLUICE_TERMINATION_MESSAGE_PATH=",
        ], shown.Where(l => !l.StartsWith("SLUICE_S3_ENDPOINT=", StringComparison.Ordinal)).Select(l => l.StartsWith("SLUICE_TERMINATION_MESSAGE_PATH=", StringComparison.Ordinal) ? l[..32] : l));

        // Where the stage leaves its results, as a pod's /dev/termination-log: one file per attempt, next to its log.
        Assert.EndsWith("/_logs/show.attempt1.termination-log", shown.Single(l => l.StartsWith("SLUICE_TERMINATION_MESSAGE_PATH=", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_that_exits_0_without_writing_an_output_fails_naming_it()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var reporter = new RecordingReporter();
        var result = await RunAsync(Pipeline(
            ("make", Write("SLUICE_OUTPUT_DATA"), "outputs: [data, report.json]"),
            ("use", "true", "dependsOn: [make], inputs: [{name: data, from: make}]")), reporter, deadline.Token);

        Assert.False(result.Succeeded);
        Assert.StartsWith("attempt 1 of 1 failed, exit code 0 but it did not write its output report.json (SLUICE_OUTPUT_REPORT_JSON)", result.Stages[0].Message, StringComparison.Ordinal);
        Assert.Equal(StagePhase.Skipped, result.Stages[1].Phase);
    }

    /// <summary>A shell snippet writing a line to the file:// artifact URI in <paramref name="variable"/>.</summary>
    private static string Write(string variable) => $"p=${{{variable}#file://}}; mkdir -p \"$(dirname \"$p\")\"; echo data > \"$p\"";

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
