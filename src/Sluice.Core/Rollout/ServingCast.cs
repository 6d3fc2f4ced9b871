namespace Sluice.Core.Rollout;

/// <summary>
/// Who plays which part for one model in a pass: the Stable version (null before any), the version on its way to
/// replace it (null when none), and whether that one skips the canary steps (the first version, strategy
/// Immediate, or a rollback to a retired version a person promoted).
/// </summary>
public sealed record ServingCast(ServedVersion? Stable, ServedVersion? Candidate, bool Fast, bool Rollback)
{
    /// <summary>Whether a canary rollout is in flight, so the canary and the stable version are analysed.</summary>
    public bool Canary => Candidate is not null && Stable is not null && !Fast;
}
