using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>The grace period of a delete (pkg/registry/core/pod/strategy.go CheckGracefulDelete); null for kinds deleted at once.</summary>
internal static class PodGrace
{
    /// <summary>corev1.DefaultTerminationGracePeriodSeconds.</summary>
    public const long DefaultSeconds = 30;

    public static long? Period(ResourceType t, JsonObject obj, long? requested)
    {
        if (t.StorageKey != "/pods")
        {
            return null;
        }

        // A pod that no kubelet runs, or whose containers have all ended, has nothing to stop: it goes at once.
        var phase = obj["status"]?["phase"]?.GetValue<string>();
        if (obj["spec"]?["nodeName"]?.GetValue<string>() is not { Length: > 0 } || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var period = requested ?? (long?)Meta.Number(obj["spec"]?["terminationGracePeriodSeconds"]) ?? DefaultSeconds;
        return Math.Max(0, period);
    }
}
