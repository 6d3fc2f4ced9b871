namespace Sluice.Runtime.Controllers;

/// <summary>What a reconcile pass asks for next: nothing, or another pass after a delay (a timer, a poll).</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => default;

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
