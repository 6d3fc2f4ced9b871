using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// The defaults every pod spec gets, in a Pod or a template: SetDefaults_PodSpec (pkg/apis/core/v1/defaults.go:
/// dnsPolicy ClusterFirst, restartPolicy Always, securityContext {}, terminationGracePeriodSeconds 30,
/// schedulerName default-scheduler), the container and volume defaults, and the v1 conversion's
/// <c>serviceAccount</c> alias (pkg/apis/core/v1/conversion.go: written, serviceAccountName wins; read,
/// serviceAccount mirrors serviceAccountName).
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(ResourceType t, JsonObject spec)
    {
        JsonFields.Default(spec, "dnsPolicy", "ClusterFirst");
        JsonFields.Default(spec, "restartPolicy", "Always");
        JsonFields.Default(spec, "securityContext", new JsonObject());
        JsonFields.Default(spec, "terminationGracePeriodSeconds", 30);
        JsonFields.Default(spec, "schedulerName", "default-scheduler");
        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var container in JsonFields.Items(spec, list))
            {
                ContainerDefaults.Apply(t, container);
            }
        }
        foreach (var volume in JsonFields.Items(spec, "volumes"))
        {
            VolumeDefaults.Apply(t, volume);
        }
        ResourceLists.Canonicalize(t, JsonFields.Object(spec, "overhead"));
        MirrorServiceAccount(spec);
    }

    public static void MirrorServiceAccount(JsonObject spec)
    {
        if (JsonFields.IsUnset(spec, "serviceAccountName") && !JsonFields.IsUnset(spec, "serviceAccount"))
        {
            spec["serviceAccountName"] = spec["serviceAccount"]!.DeepClone();
        }
        if (JsonFields.IsUnset(spec, "serviceAccountName"))
        {
            spec.Remove("serviceAccountName");
            spec.Remove("serviceAccount");
        }
        else
        {
            spec["serviceAccount"] = spec["serviceAccountName"]!.DeepClone();
        }
    }
}
