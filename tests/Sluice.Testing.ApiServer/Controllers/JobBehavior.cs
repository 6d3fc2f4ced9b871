namespace Sluice.Testing.ApiServer;

/// <summary>
/// A script for one Job: its pods run for <paramref name="RunFor"/> and then end as <paramref name="Outcome"/>
/// (exit code and termination message for Fail, the termination message (the stage's results) for Succeed; pods of
/// ImagePullBackOff and Unschedulable never start).
/// </summary>
public sealed record JobBehavior(JobOutcome Outcome, TimeSpan RunFor, int ExitCode = 1, string? Message = null, string? Log = null)
{
    /// <summary>
    /// When set, the pods run until this completes too, so a test can change the world while a stage is known to
    /// still be running instead of racing a fixed duration.
    /// </summary>
    public Task? Until { get; init; }

    public static JobBehavior SucceedAfter(TimeSpan runFor, string? log = null) => new(JobOutcome.Succeed, runFor, 0, null, log);

    /// <summary>Succeeds leaving <paramref name="terminationMessage"/> as its container's termination message.</summary>
    public static JobBehavior SucceedWith(TimeSpan runFor, string terminationMessage) => new(JobOutcome.Succeed, runFor, 0, terminationMessage);
}
