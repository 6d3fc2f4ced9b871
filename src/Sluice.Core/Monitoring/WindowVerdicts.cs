namespace Sluice.Core.Monitoring;

/// <summary>What one window's evaluation concluded.</summary>
public static class WindowVerdicts
{
    public const string Drifted = "Drifted";
    public const string Clean = "Clean";

    /// <summary>Fewer rows than window.minSamples: neutral, it neither counts towards nor resets the streak.</summary>
    public const string InsufficientData = "InsufficientData";

    /// <summary>The evaluation itself failed (its Job): neutral too, and Ready says why.</summary>
    public const string Failed = "Failed";
}
