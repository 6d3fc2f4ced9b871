using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// A pod's status from its containers, as the kubelet computes it (pkg/kubelet/kubelet_pods.go getPhase and
/// generateAPIPodStatus, pkg/kubelet/status/generate.go for the conditions).
/// </summary>
internal sealed class PodStatusBuilder(string hostIp, string podIp, DateTimeOffset startTime)
{
    private readonly Dictionary<string, (string Status, string Time)> transitions = [];

    public string? Reason { get; set; }

    public string? Message { get; set; }

    /// <summary>Whether the containers are past any restart: the phase from exit codes, no Always/OnFailure restarts left.</summary>
    public static string Phase(IReadOnlyList<ContainerSlot> slots, string restartPolicy)
    {
        var (running, waiting, stopped, succeeded) = (0, 0, 0, 0);
        foreach (var slot in slots)
        {
            if (slot.Running)
            {
                running++;
            }
            else if (slot.Terminated is { } t && (slot.Done || slot.Waiting is not null))
            {
                stopped++;
                succeeded += slot.Done && t.ExitCode == 0 ? 1 : 0;
            }
            else
            {
                waiting++;
            }
        }

        if (waiting > 0)
        {
            return "Pending";
        }

        if (running > 0)
        {
            return "Running";
        }

        if (stopped == 0)
        {
            return "Pending";
        }

        if (slots.Any(s => !s.Done))
        {
            return "Running";
        }

        return stopped == succeeded ? "Succeeded" : "Failed";
    }

    public JsonObject Build(IReadOnlyList<ContainerSlot> slots, string phase, DateTimeOffset now)
    {
        var terminal = phase is "Succeeded" or "Failed";
        var unready = slots.Where(s => !s.Ready).Select(s => s.Name).ToList();
        var (readyStatus, readyReason, readyMessage) = terminal
            ? ("False", "PodCompleted", (string?)null)
            : unready.Count == 0 ? ("True", null, null) : ("False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', unready)}]");
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition("PodReadyToStartContainers", terminal ? "False" : "True", null, null, now),
                Condition("Initialized", "True", terminal ? "PodCompleted" : null, null, now),
                Condition("Ready", readyStatus, readyReason, readyMessage, now),
                Condition("ContainersReady", readyStatus, readyReason, readyMessage, now),
                Condition("PodScheduled", "True", null, null, now)),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = Meta.Timestamp(startTime),
            ["containerStatuses"] = new JsonArray(slots.Select(s => (JsonNode?)ContainerStatus(s)).ToArray()),
        };
        if (Reason is not null)
        {
            status["reason"] = Reason;
            status["message"] = Message;
        }

        return status;
    }

    private JsonObject ContainerStatus(ContainerSlot slot)
    {
        JsonObject state;
        TerminatedState? last;
        if (slot.Process is { } process)
        {
            state = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Meta.Timestamp(process.StartedAt) } };
            last = slot.Terminated;
        }
        else if (slot.Waiting is { } waiting)
        {
            state = new JsonObject { ["waiting"] = Waiting(waiting.Reason, waiting.Message) };
            last = slot.Terminated;
        }
        else
        {
            state = slot.Terminated is { } t ? new JsonObject { ["terminated"] = Terminated(t) } : new JsonObject { ["waiting"] = Waiting("ContainerCreating", "") };
            last = slot.Previous;
        }

        var status = new JsonObject
        {
            ["name"] = slot.Name,
            ["state"] = state,
            ["lastState"] = last is null ? new JsonObject() : new JsonObject { ["terminated"] = Terminated(last) },
            ["ready"] = slot.Ready,
            ["restartCount"] = slot.RestartCount,
            ["image"] = slot.Image,
            ["imageID"] = slot.Image.Contains('@', StringComparison.Ordinal) ? slot.Image : "",
            ["started"] = slot.Started,
        };
        if ((slot.Process is not null ? slot.ContainerId : slot.Terminated?.ContainerId) is { } id)
        {
            status["containerID"] = id;
        }

        return status;
    }

    private static JsonObject Waiting(string reason, string message)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (message.Length > 0)
        {
            waiting["message"] = message;
        }

        return waiting;
    }

    private static JsonObject Terminated(TerminatedState t)
    {
        var terminated = new JsonObject
        {
            ["exitCode"] = t.ExitCode,
            ["reason"] = t.Reason,
            ["startedAt"] = Meta.Timestamp(t.StartedAt),
            ["finishedAt"] = Meta.Timestamp(t.FinishedAt),
            ["containerID"] = t.ContainerId,
        };
        if (t.Message is { Length: > 0 })
        {
            terminated["message"] = t.Message;
        }

        return terminated;
    }

    /// <summary>A condition whose lastTransitionTime moves only when its status does.</summary>
    private JsonObject Condition(string type, string status, string? reason, string? message, DateTimeOffset now)
    {
        if (!transitions.TryGetValue(type, out var seen) || seen.Status != status)
        {
            seen = (status, Meta.Timestamp(now));
            transitions[type] = seen;
        }

        var condition = new JsonObject { ["type"] = type, ["status"] = status, ["lastProbeTime"] = null, ["lastTransitionTime"] = seen.Time };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        return condition;
    }
}
