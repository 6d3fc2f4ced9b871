namespace Sluice.Steps.Evaluate;

/// <summary>
/// Options of <c>sluice step evaluate</c>. Null URIs come from the stage contract: <c>SLUICE_INPUT_MODEL</c>,
/// <c>SLUICE_INPUT_TEST</c>, <c>SLUICE_OUTPUT_METRICS</c>. <paramref name="Thresholds"/> (metric → minimum, e.g.
/// roc_auc → 0.97) fail the stage when not met (log_loss is a maximum), so a pipeline pushes only good models.
/// </summary>
public sealed record EvaluateOptions(
    string? Model,
    string? Test,
    string? MetricsOut,
    string Target,
    IReadOnlyDictionary<string, double> Thresholds);
