namespace Sluice.Steps.Evaluate;

/// <summary>
/// Options of <c>sluice step evaluate</c>. Null URIs come from the stage contract: <c>SLUICE_INPUT_MODEL</c>,
/// <c>SLUICE_INPUT_TEST</c>, <c>SLUICE_OUTPUT_METRICS</c>. <paramref name="Thresholds"/> (metric → minimum, e.g.
/// roc_auc → 0.97) fail the stage when not met (log_loss is a maximum), so a pipeline pushes only good models.
/// <paramref name="BaselineModel"/> (else <c>SLUICE_BASELINE_MODEL_URI</c>; empty for a first model) is the serving
/// model, evaluated on the same test split so the gate compares like with like.
/// </summary>
public sealed record EvaluateOptions(
    string? Model,
    string? Test,
    string? MetricsOut,
    string Target,
    IReadOnlyDictionary<string, double> Thresholds,
    string? BaselineModel = null);
