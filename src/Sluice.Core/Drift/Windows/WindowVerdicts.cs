namespace Sluice.Core.Drift.Windows;

/// <summary>The verdicts of a drift window, as the step's results and report carry them.</summary>
public static class WindowVerdicts
{
    /// <summary>The data set drifted (the share of drifted features reached the share threshold).</summary>
    public const string Drifted = "Drifted";

    public const string Clean = "Clean";

    /// <summary>Fewer rows than the minimum: no test was run.</summary>
    public const string InsufficientData = "InsufficientData";
}
