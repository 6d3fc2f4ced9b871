using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>What the Job controller writes (pkg/controller/job/job_controller.go): its pods and the Job's status.</summary>
internal sealed class JobWrites(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    public ResourceType Pods => registry.Find("", "v1", "pods")!;

    private ResourceType Jobs => registry.Find("batch", "v1", "jobs")!;

    public JsonObject CreatePod(string ns, JsonObject job)
    {
        var template = job["spec"]?["template"] as JsonObject ?? [];
        var jobName = Meta.Name(job);
        var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        labels["job-name"] = jobName;
        labels["batch.kubernetes.io/job-name"] = jobName;
        labels["controller-uid"] = Meta.Uid(job);
        labels["batch.kubernetes.io/controller-uid"] = Meta.Uid(job);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["generateName"] = jobName + "-",
                ["labels"] = labels,
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = jobName, ["uid"] = Meta.Uid(job),
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone(),
        };
        return store.Create(Pods, ns, pod);
    }

    public void Update(string ns, string name, Action<JsonObject> change) =>
        store.Mutate(Jobs, ns, name, j =>
        {
            var status = j["status"] as JsonObject ?? [];
            change(status);
            j["status"] = status;
            return j;
        }, WriteScope.Status);

    public void Complete(string ns, string name, int succeeded, int failed)
    {
        var now = Now();
        Update(ns, name, s =>
        {
            s["active"] = 0; s["ready"] = 0; s["succeeded"] = succeeded; s["failed"] = failed; s["completionTime"] = now;
            s["conditions"] = new JsonArray(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", now),
                Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", now));
        });
    }

    /// <summary>FailureTarget, and Failed with it once the Job's pods are gone (<paramref name="final"/>).</summary>
    public void Fail(string ns, string name, string reason, string message, int failed, bool final = true)
    {
        var now = Now();
        Update(ns, name, s =>
        {
            s["active"] = 0; s["ready"] = 0; s["failed"] = Math.Max(failed, 1);
            var target = (s["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "FailureTarget");
            var conditions = new JsonArray(target?.DeepClone() ?? Condition("FailureTarget", reason, message, now));
            if (final)
            {
                conditions.Add(Condition("Failed", reason, message, now));
            }

            s["conditions"] = conditions;
        });
    }

    public static JsonObject Condition(string type, string? reason, string? message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["reason"] = reason, ["message"] = message, ["lastProbeTime"] = now, ["lastTransitionTime"] = now,
    };

    public string Now() => Meta.Timestamp(time.GetUtcNow());
}
