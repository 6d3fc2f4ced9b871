using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// The Deployment controller's rolling-update arithmetic (pkg/controller/deployment/rolling.go and
/// util/deployment_util.go): how many new pods to add and old pods to remove in one step.
/// </summary>
internal static class RollingUpdate
{
    /// <summary>maxSurge and maxUnavailable as counts: percentages of the replicas, surge rounded up, unavailable down; both 0 means 1 unavailable (ResolveFenceposts).</summary>
    public static (int Surge, int Unavailable) Fenceposts(JsonNode? maxSurge, JsonNode? maxUnavailable, int replicas)
    {
        var surge = Scaled(maxSurge, replicas, roundUp: true, fallback: "25%");
        var unavailable = Scaled(maxUnavailable, replicas, roundUp: false, fallback: "25%");
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    /// <summary>New pods to create now: up to the replicas, with all pods at most replicas + surge (NewRSNewReplicas).</summary>
    public static int ScaleUp(int replicas, int surge, int newPods, int oldPods) =>
        Math.Max(0, Math.Min(replicas - newPods, replicas + surge - (newPods + oldPods)));

    /// <summary>
    /// Old pods to remove now (reconcileOldReplicaSets): unavailable ones first, as long as the pods that would stay
    /// keep replicas - maxUnavailable available; then available ones down to that minimum
    /// (scaleDownOldReplicaSetsForRollingUpdate, which the first limit does not bound).
    /// </summary>
    public static (int Unavailable, int Available) ScaleDown(int replicas, int unavailableAllowed, int newPods, int newAvailable, int oldPods, int oldAvailable)
    {
        var minAvailable = replicas - unavailableAllowed;
        var maxScaledDown = newPods + oldPods - minAvailable - (newPods - newAvailable);
        if (maxScaledDown <= 0)
        {
            return (0, 0);
        }

        var unhealthy = Math.Min(oldPods - oldAvailable, maxScaledDown);
        var healthy = Math.Max(0, Math.Min(oldAvailable, newAvailable + oldAvailable - minAvailable));
        return (unhealthy, healthy);
    }

    private static int Scaled(JsonNode? value, int replicas, bool roundUp, string fallback)
    {
        if (Meta.Number(value) is { } number)
        {
            return (int)number;
        }

        var text = value?.GetValue<string>() ?? fallback;
        if (!text.EndsWith('%') || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            throw new FormatException($"\"{text}\" is not an integer or a percentage");
        }

        var scaled = replicas * percent / 100.0;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
