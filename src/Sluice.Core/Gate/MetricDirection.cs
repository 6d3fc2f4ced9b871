namespace Sluice.Core.Gate;

/// <summary>Which way a metric improves (TFMA's MetricDirection); there is no "unknown": a rule must say.</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}
