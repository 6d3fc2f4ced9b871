namespace Sluice.Core.Rollout;

/// <summary>
/// What one pass does for a ModelVersion being deleted, before its finalizer goes, with no I/O: its pods keep serving
/// until the version that takes its traffic has all its pods Ready and no route may still send it requests; then its
/// Deployment goes to zero; the finalizer is released once no pod of it is left (each drains on SIGTERM first), so
/// no caller meets a backend that vanished under it.
/// </summary>
public static class VersionDrain
{
    /// <param name="successorReady">The Stable version that takes over has all its pods Ready, or there is none.</param>
    /// <param name="routeMayRoute">A Gateway API route may still send the version requests.</param>
    /// <param name="replicas">The Deployment's replicas; null when it is gone.</param>
    /// <param name="pods">The version's pods still running, terminating ones included.</param>
    public static DrainStep Next(string version, string? successor, bool successorReady, bool routeMayRoute, int? replicas, int pods)
    {
        if (!successorReady)
        {
            return new DrainStep(null, false, $"deleting {version}: its pods serve until {successor} has all its pods Ready");
        }

        if (routeMayRoute)
        {
            return new DrainStep(null, false, $"deleting {version}: its pods serve until the HTTPRoute stops routing to it");
        }

        if (replicas is > 0)
        {
            return new DrainStep(0, false, $"deleting {version}: scaling its server to zero");
        }

        return pods > 0
            ? new DrainStep(null, false, $"deleting {version}: {pods} pod{(pods == 1 ? "" : "s")} still draining")
            : new DrainStep(null, true, $"{version} drained: no pod or route serves it any more{(successor is null ? "" : $"; {successor} carries the model's traffic")}");
    }
}
