using Sluice.Core.Api;
using Sluice.Operator.Resources;
using Sluice.Operator.Stages;

namespace Sluice.Operator.Runs;

/// <summary>One reconcile pass over a started run: what it reads, and the Jobs, Events and requeue it collects.</summary>
internal sealed class RunPass(PipelineRunResource run, PipelineRunStatus status, StageArtifacts artifacts, DateTimeOffset now)
{
    public PipelineRunResource Run { get; } = run;

    public PipelineRunStatus Status { get; } = status;

    public DateTimeOffset Now { get; } = now;

    /// <summary>Where the run's artifacts are: stage outputs are <c>RunUri/STAGE/NAME</c>.</summary>
    public StageArtifacts Artifacts { get; } = artifacts;

    public bool Cancel { get; } = run.Spec.Cancel == true;

    public IReadOnlyDictionary<string, Stage> Stages { get; } = status.PipelineSpec!.Stages.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StageStatus> States { get; } = status.Stages!.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public List<StageJobRequest> Create { get; } = [];

    public List<string> Delete { get; } = [];

    public List<RunEvent> Events { get; } = [];

    public TimeSpan? RequeueAfter { get; private set; }

    private readonly IReadOnlyDictionary<string, string> _parameters = (status.Params ?? []).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary>The Job of one attempt, carrying the run's snapshot, params and the pinned baseline's model file.</summary>
    public void StartAttempt(Stage stage, int attempt) => Create.Add(new StageJobRequest(
        Run.Metadata.NamespaceProperty, Run.Spec.PipelineRef.Name, Run.Metadata.Name, Run.Metadata.Uid,
        Status.PipelineSpec!, stage, attempt, _parameters, Artifacts, Status.Baseline?.Uri ?? ""));

    public void Raise(bool warning, string reason, string message) => Events.Add(new RunEvent(warning, reason, message));

    public void RequeueIn(TimeSpan delay) => RequeueAfter = RequeueAfter is { } r && r < delay ? r : delay;

    public RunDecision Decision(ModelVersionResource? register) => new(Status, Create, Delete, Events, RequeueAfter, register);
}
