using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// apps/v1 Deployments and ReplicaSets (SetDefaults_Deployment, SetDefaults_ReplicaSet in
/// pkg/apis/apps/v1/defaults.go) and batch/v1 CronJobs (SetDefaults_CronJob in pkg/apis/batch/v1/defaults.go),
/// each with the pod template defaults.
/// </summary>
internal static class WorkloadDefaults
{
    public static void Deployment(ResourceType t, JsonObject deployment)
    {
        var spec = JsonFields.Ensure(deployment, "spec");
        JsonFields.Default(spec, "replicas", 1);
        var strategy = JsonFields.Ensure(spec, "strategy");
        JsonFields.Default(strategy, "type", "RollingUpdate");
        if (JsonFields.Str(strategy, "type") == "RollingUpdate")
        {
            var rollingUpdate = JsonFields.Ensure(strategy, "rollingUpdate");
            JsonFields.Default(rollingUpdate, "maxUnavailable", "25%");
            JsonFields.Default(rollingUpdate, "maxSurge", "25%");
        }
        JsonFields.Default(spec, "revisionHistoryLimit", 10);
        JsonFields.Default(spec, "progressDeadlineSeconds", 600);
        Templates.Apply(t, JsonFields.Ensure(spec, "template"));
    }

    public static void ReplicaSet(ResourceType t, JsonObject replicaSet)
    {
        var spec = JsonFields.Ensure(replicaSet, "spec");
        JsonFields.Default(spec, "replicas", 1);
        Templates.Apply(t, JsonFields.Ensure(spec, "template"));
    }

    public static void CronJob(ResourceType t, JsonObject cronJob)
    {
        var spec = JsonFields.Ensure(cronJob, "spec");
        JsonFields.Default(spec, "concurrencyPolicy", "Allow");
        JsonFields.Default(spec, "suspend", false);
        JsonFields.Default(spec, "successfulJobsHistoryLimit", 3);
        JsonFields.Default(spec, "failedJobsHistoryLimit", 1);
        var jobTemplate = JsonFields.Ensure(spec, "jobTemplate");
        Templates.Metadata(jobTemplate);
        Templates.Apply(t, JsonFields.Ensure(JsonFields.Ensure(jobTemplate, "spec"), "template"));
    }
}
