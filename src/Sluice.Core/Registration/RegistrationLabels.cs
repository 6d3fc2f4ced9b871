namespace Sluice.Core.Registration;

/// <summary>How a registered ModelVersion names its model and the run that registered it (it is owned by neither).</summary>
public static class RegistrationLabels
{
    public const string Model = "sluice.dev/model";
    public const string Pipeline = "sluice.dev/pipeline";
    public const string Run = "sluice.dev/run";

    /// <summary>The run's UID: a ModelVersion of the same name from another run (a reused run name) is not ours.</summary>
    public const string RunUid = "sluice.dev/run-uid";
}
