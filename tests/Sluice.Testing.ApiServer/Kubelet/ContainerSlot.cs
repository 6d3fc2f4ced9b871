using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>The kubelet's view of one container of a pod across its restarts.</summary>
internal sealed class ContainerSlot(JsonObject spec)
{
    public JsonObject Spec { get; } = spec;

    public string Name { get; } = spec["name"]?.GetValue<string>() ?? "";

    public string Image { get; } = spec["image"]?.GetValue<string>() ?? "";

    /// <summary>How many instances were started (the log file of instance N is N.log).</summary>
    public int Instances { get; set; }

    public ContainerProcess? Process { get; set; }

    public string? ContainerId { get; set; }

    public ContainerProbes? Probes { get; set; }

    public CancellationTokenSource? ProbeStop { get; set; }

    /// <summary>The latest ended instance, and the one before it (lastState once the latest is the current state).</summary>
    public TerminatedState? Terminated { get; set; }

    public TerminatedState? Previous { get; set; }

    public (string Reason, string Message)? Waiting { get; set; } = ("ContainerCreating", "");

    /// <summary>No more restarts: the restart policy is done with it, or the pod is going.</summary>
    public bool Done { get; set; }

    public int RestartCount => Math.Max(0, Instances - 1);

    public bool Running => Process is not null;

    public bool Ready => Process is not null && (Probes?.Ready ?? true);

    public bool Started => Process is not null && (Probes?.Started ?? true);
}
