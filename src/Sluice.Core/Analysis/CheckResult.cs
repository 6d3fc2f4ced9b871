namespace Sluice.Core.Analysis;

/// <summary>A check's verdict, the metric that decided it (null when it passed) and the sentence status shows.</summary>
public sealed record CheckResult(CheckVerdict Verdict, string? Metric, string Message, CanaryMeasurement Figures);
