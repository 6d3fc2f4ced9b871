namespace Sluice.Core.Monitoring;

/// <summary>How a retraining run ended, for lastRetrain and the circuit breaker.</summary>
public static class RetrainOutcomes
{
    public const string Running = "Running";

    /// <summary>The gate passed and the run registered a ModelVersion.</summary>
    public const string Registered = "Registered";

    /// <summary>The run's gate refused the model: what the circuit breaker counts.</summary>
    public const string Refused = "Refused";

    /// <summary>The run succeeded and its Pipeline registers no model.</summary>
    public const string Succeeded = "Succeeded";

    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    /// <summary>The run is gone before its outcome was known.</summary>
    public const string Deleted = "Deleted";

    /// <summary>The outcome of a run from its phase, its gate's result and the version it registered, if any.</summary>
    /// <remarks>A run stays Running while it registers, so Succeeded means it had nothing to register.</remarks>
    public static string Of(string? phase, string? gateResult, string? registered) => (phase, gateResult) switch
    {
        (_, "Refused") => Refused,
        ("Succeeded", _) => registered is { Length: > 0 } ? Registered : Succeeded,
        ("Failed", _) => Failed,
        ("Cancelled", _) => Cancelled,
        _ => Running,
    };
}
