namespace Sluice.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>`sluice drift` found drift: distinct from errors so scripts can branch on it.</summary>
    public const int DriftDetected = 3;

    public const int Cancelled = 130;
}
