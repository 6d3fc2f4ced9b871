using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// The status a built-in object reads back with before any controller wrote one. Status is a struct in these Go
/// types, so it is never omitted: {} for Deployments, Jobs and CronJobs, {loadBalancer: {}} for Services,
/// {replicas: 0} for ReplicaSets and the four counters of a PodDisruptionBudget (fields without omitempty),
/// {phase: Pending} for PersistentVolumeClaims (SetDefaults_PersistentVolumeClaim).
/// </summary>
internal static class StatusShapes
{
    public static void Apply(string storageKey, JsonObject obj)
    {
        switch (storageKey)
        {
            case "apps/deployments" or "batch/jobs" or "batch/cronjobs":
                JsonFields.Ensure(obj, "status");
                break;
            case "/services":
                JsonFields.Ensure(JsonFields.Ensure(obj, "status"), "loadBalancer");
                break;
            case "apps/replicasets":
                JsonFields.Default(JsonFields.Ensure(obj, "status"), "replicas", 0);
                break;
            case "policy/poddisruptionbudgets":
                var pdb = JsonFields.Ensure(obj, "status");
                foreach (var counter in new[] { "currentHealthy", "desiredHealthy", "disruptionsAllowed", "expectedPods" })
                {
                    JsonFields.Default(pdb, counter, 0);
                }
                break;
            case "/persistentvolumeclaims":
                JsonFields.Default(JsonFields.Ensure(obj, "status"), "phase", "Pending");
                break;
        }
    }
}
