namespace Sluice.Core.Rollout;

/// <summary>The <c>sluice.dev/action</c> annotation: its name and the verbs it takes.</summary>
public static class RolloutActions
{
    public const string Annotation = "sluice.dev/action";

    public const string Verbs = "promote, abort, pause, resume, retry";

    /// <summary>The action a verb names (case-insensitive), or null when it names none.</summary>
    public static RolloutAction? Parse(string? verb) => verb?.Trim().ToLowerInvariant() switch
    {
        "promote" => RolloutAction.Promote,
        "abort" => RolloutAction.Abort,
        "pause" => RolloutAction.Pause,
        "resume" => RolloutAction.Resume,
        "retry" => RolloutAction.Retry,
        _ => null,
    };

    public static string Verb(RolloutAction action) => action.ToString().ToLowerInvariant();
}
