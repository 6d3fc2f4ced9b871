using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// A Deployment's status (pkg/controller/deployment/sync.go calculateStatus and progress.go): replica counts and
/// the Available and Progressing conditions, whose lastTransitionTime moves only when their status does.
/// </summary>
internal sealed class DeploymentStatusBuilder(JsonObject deployment, int replicas, string hash, DateTimeOffset now)
{
    public JsonObject Build(int total, int updated, int ready, int available, int newAvailable)
    {
        var spec = deployment["spec"];
        var strategy = spec?["strategy"];
        var unavailableAllowed = strategy?["type"]?.GetValue<string>() == "Recreate"
            ? 0
            : RollingUpdate.Fenceposts(strategy?["rollingUpdate"]?["maxSurge"], strategy?["rollingUpdate"]?["maxUnavailable"], replicas).Unavailable;
        var name = $"{Meta.Name(deployment)}-{hash}";
        var complete = updated == replicas && newAvailable == replicas && total == replicas;
        var old = deployment["status"]?["conditions"] as JsonArray ?? [];
        var progressing = Previous(old, "Progressing");
        var deadline = TimeSpan.FromSeconds(Meta.Number(spec?["progressDeadlineSeconds"]) ?? 600);
        var lastProgress = progressing?["lastUpdateTime"]?.GetValue<string>() is { } t ? DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : now;
        var progressed = !JsonNode.DeepEquals(deployment["status"]?["updatedReplicas"], JsonValue.Create(updated))
            || !JsonNode.DeepEquals(deployment["status"]?["availableReplicas"], JsonValue.Create(available));
        var (pStatus, pReason, pMessage) = complete
            ? ("True", "NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed.")
            : !progressed && now - lastProgress > deadline
                ? ("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{name}\" has timed out progressing.")
                : ("True", "ReplicaSetUpdated", $"ReplicaSet \"{name}\" is progressing.");
        var (aStatus, aReason, aMessage) = available >= replicas - unavailableAllowed
            ? ("True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
            : ("False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
        var status = new JsonObject
        {
            ["observedGeneration"] = Meta.Number(Meta.Of(deployment)["generation"]) ?? 1,
            ["replicas"] = total,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = available,
            ["conditions"] = new JsonArray(
                Condition(old, "Available", aStatus, aReason, aMessage, touch: false),
                Condition(old, "Progressing", pStatus, pReason, pMessage, touch: progressed || pReason != progressing?["reason"]?.GetValue<string>())),
        };
        if (replicas - available > 0)
        {
            status["unavailableReplicas"] = replicas - available;
        }

        foreach (var zero in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas" })
        {
            // Go's omitempty: a count of 0 is not written.
            if (Meta.Number(status[zero]) == 0)
            {
                status.Remove(zero);
            }
        }

        return status;
    }

    private static JsonObject? Previous(JsonArray conditions, string type) =>
        conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    private JsonObject Condition(JsonArray old, string type, string status, string reason, string message, bool touch)
    {
        var previous = Previous(old, type);
        var stamp = Meta.Timestamp(now);
        var same = previous?["status"]?.GetValue<string>() == status;
        var sameReason = same && previous?["reason"]?.GetValue<string>() == reason;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = sameReason && !touch ? previous!["lastUpdateTime"]?.DeepClone() : stamp,
            ["lastTransitionTime"] = same ? previous!["lastTransitionTime"]?.DeepClone() : stamp,
            ["reason"] = reason,
            ["message"] = message,
        };
    }
}
