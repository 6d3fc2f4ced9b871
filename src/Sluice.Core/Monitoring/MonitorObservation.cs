using Sluice.Core.Api;

namespace Sluice.Core.Monitoring;

/// <summary>Everything one pass of the DriftMonitor machine reads.</summary>
/// <param name="SpecProblems">Validation errors of the spec, "field: problem".</param>
/// <param name="Baseline">The Stable version and its profile; null with <paramref name="NoBaseline"/> saying why.</param>
/// <param name="Job">The evaluation Job of the first window after the watermark, when one exists.</param>
/// <param name="Runs">The retraining runs this monitor started that still exist.</param>
/// <param name="PipelineExists">Whether retrain.pipelineRef names an existing Pipeline.</param>
/// <param name="ResetRequested">A person asked to close the circuit breaker (sluice.dev/action: reset).</param>
public sealed record MonitorObservation(
    string Name,
    long Generation,
    DateTimeOffset Created,
    DateTimeOffset Now,
    DriftSettings Settings,
    IReadOnlyList<string> SpecProblems,
    MonitorBaseline? Baseline,
    string? NoBaseline,
    EvaluationJobState? Job,
    IReadOnlyList<RetrainRunView> Runs,
    bool PipelineExists,
    bool ResetRequested,
    DriftMonitorStatus? Status);
