using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// Runs one pod from scheduling to removal, as the kubelet's pod worker does: starts its containers, restarts them
/// per restartPolicy with the crash back-off, follows the probes, writes the status whenever it changes, and on
/// deletion stops the containers within the grace period and removes the pod.
/// </summary>
internal sealed class PodWorker
{
    private static readonly TimeSpan ConfigRetry = TimeSpan.FromSeconds(1);
    private readonly KubeletContext k;
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource shutdown = new();
    private readonly List<ContainerSlot> slots;
    private readonly string restartPolicy;
    private JsonObject pod;
    private volatile bool removed;
    private PodSandbox? sandbox;
    private PodStatusBuilder? status;
    private string? podIp;
    private bool forcedFailed;

    public PodWorker(KubeletContext context, JsonObject pod)
    {
        k = context;
        this.pod = pod;
        slots = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new ContainerSlot(c)).ToList();
        restartPolicy = pod["spec"]?["restartPolicy"]?.GetValue<string>() ?? "Always";
        Run = Task.Run(RunAsync);
    }

    public Task Run { get; }

    private string Ns => Meta.Str(pod, "namespace");

    private string Name => Meta.Name(pod);

    private string Uid => Meta.Uid(pod);

    public void Changed(JsonObject latest)
    {
        Volatile.Write(ref pod, latest);
        Wake();
    }

    public void Removed()
    {
        removed = true;
        Wake();
    }

    /// <summary>The server is stopping: every container goes at once (SIGTERM, SIGKILL after 2 s), nothing is written.</summary>
    public async Task ShutdownAsync()
    {
        await shutdown.CancelAsync().ConfigureAwait(false);
        Wake();
        await Run.ConfigureAwait(false);
    }

    public (string Path, Func<bool> Running) LogFile(string container, bool previous)
    {
        var slot = slots.Single(s => s.Name == container);
        int instance;
        if (previous)
        {
            instance = slot.Running || slot.Done ? slot.Instances - 2 : slot.Instances - 1;
            if (instance < 0 || slot.Terminated is null)
            {
                throw ApiException.BadRequest($"previous terminated container \"{container}\" in pod \"{Name}\" not found");
            }
        }
        else
        {
            if (!slot.Running && slot.Terminated is null)
            {
                throw ApiException.BadRequest($"container \"{container}\" in pod \"{Name}\" is waiting to start: {slot.Waiting?.Reason ?? "ContainerCreating"}");
            }

            instance = slot.Instances - 1;
        }

        var process = slot.Process;
        var current = instance == slot.Instances - 1 && process is not null;
        return (sandbox!.LogFile(container, instance), () => current && !process!.Exited.IsCompleted);
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            podIp = k.Addresses.Allocate();
            sandbox = PodSandbox.Create(k.Root, pod);
            status = new PodStatusBuilder(k.HostIp, podIp, k.Time.GetUtcNow());
            Publish();
            var deadline = Meta.Number(pod["spec"]?["activeDeadlineSeconds"]) is { } secs ? k.Time.GetUtcNow().AddSeconds(secs) : (DateTimeOffset?)null;
            while (!shutdown.IsCancellationRequested && !removed)
            {
                if (Meta.IsDeleting(pod))
                {
                    await TerminateAsync(() => TimeSpan.FromSeconds(Meta.Number(Meta.Of(pod)["deletionGracePeriodSeconds"]) ?? 0)).ConfigureAwait(false);
                    k.Store.Delete(k.Pods, Ns, Name, null, preconditionUid: Uid, gracePeriodSeconds: 0);
                    return;
                }

                if (deadline is { } d && k.Time.GetUtcNow() >= d && !IsTerminal())
                {
                    status.Reason = "DeadlineExceeded";
                    status.Message = "Pod was active on the node longer than the specified deadline";
                    k.Events.Pod(pod, null, "Normal", "DeadlineExceeded", status.Message);
                    await TerminateAsync(Grace).ConfigureAwait(false);
                    Publish(forceFailed: true);
                    continue;
                }

                var next = IsTerminal() ? (TimeSpan?)null : await StepAsync().ConfigureAwait(false);
                Publish();
                if (deadline is { } until && !IsTerminal())
                {
                    var left = until - k.Time.GetUtcNow();
                    next = next is { } n && n < left ? n : left;
                }

                await WaitAsync(next).ConfigureAwait(false);
            }
        }
        catch (ApiException)
        {
            // The pod was removed or replaced meanwhile: the next event tells the kubelet what to do.
        }
        finally
        {
            await StopAllAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            sandbox?.Delete();
            if (podIp is not null)
            {
                k.Addresses.Release(podIp);
            }
        }
    }

    private bool IsTerminal() => forcedFailed || (slots.All(s => s.Done) && slots.Count > 0);

    private async Task WaitAsync(TimeSpan? delay)
    {
        var exits = slots.Where(s => s.Process is not null).Select(s => (Task)s.Process!.Exited).ToList();
        var signal = wake.WaitAsync(delay ?? Timeout.InfiniteTimeSpan, shutdown.Token);
        try
        {
            await Task.WhenAny([signal, .. exits]).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Starts or restarts what should run; returns when the worker must look again without a signal.</summary>
    private async Task<TimeSpan?> StepAsync()
    {
        TimeSpan? next = null;
        var now = k.Time.GetUtcNow();
        foreach (var slot in slots)
        {
            if (slot.Process is { Exited.IsCompleted: true })
            {
                Ended(slot, await slot.Process.Exited.ConfigureAwait(false));
            }

            if (slot.Running || slot.Done)
            {
                continue;
            }

            if (slot.Terminated is { } last)
            {
                if (!Restarts(last.ExitCode))
                {
                    slot.Done = true;
                    slot.Waiting = null;
                    continue;
                }

                var key = $"{Uid}/{slot.Name}";
                var wait = k.Backoff.Remaining(key, last.FinishedAt, now);
                if (wait > TimeSpan.Zero)
                {
                    var message = $"back-off {EventRecorder.GoDuration(k.Backoff.Current(key))} restarting failed container={slot.Name} pod={Name}_{Ns}({Uid})";
                    if (slot.Waiting?.Reason != "CrashLoopBackOff")
                    {
                        k.Events.Pod(pod, slot.Name, "Warning", "BackOff", $"Back-off restarting failed container {slot.Name} in pod {Name}_{Ns}({Uid})");
                    }

                    slot.Waiting = ("CrashLoopBackOff", message);
                    next = Min(next, wait);
                    continue;
                }

                k.Backoff.Next(key, last.FinishedAt, now);
            }

            next = Min(next, await StartAsync(slot).ConfigureAwait(false));
        }

        return next;
    }

    private bool Restarts(int exitCode) => !Meta.IsDeleting(pod) && (restartPolicy == "Always" || (restartPolicy == "OnFailure" && exitCode != 0));

    private async Task<TimeSpan?> StartAsync(ContainerSlot slot)
    {
        var entrypoint = k.Entrypoint(slot.Image)!;
        Dictionary<string, string> env, declared;
        string workingDir;
        try
        {
            // The downward API sees the addresses this worker gave the pod, whether or not an event with them came in yet.
            var view = (JsonObject)pod.DeepClone();
            view["status"] = new JsonObject { ["podIP"] = podIp, ["hostIP"] = k.HostIp };
            (env, declared) = k.Environment.Build(view, slot.Spec, sandbox!.ImageEnvironment(pod, slot.Spec, podIp!));
            workingDir = slot.Spec["workingDir"]?.GetValue<string>() is { Length: > 0 } w ? sandbox.HostPath(slot.Spec, w) : sandbox.HostPath(slot.Spec, "/");
        }
        catch (ContainerConfigException e)
        {
            if (slot.Waiting?.Reason != "CreateContainerConfigError" || slot.Waiting?.Message != e.Message)
            {
                k.Events.Pod(pod, slot.Name, "Warning", "Failed", $"Error: {e.Message}");
            }

            slot.Waiting = ("CreateContainerConfigError", e.Message);
            return ConfigRetry;
        }

        var (exe, args) = ContainerCommand.Resolve(entrypoint, Strings(slot.Spec["command"]), Strings(slot.Spec["args"]), v => declared.TryGetValue(v, out var x) ? x : null, env["PATH"]);
        var instance = slot.Instances++;
        var id = "process://" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var terminationLog = sandbox.TerminationMessageFile(slot.Name);
        File.WriteAllText(terminationLog, "");
        if (instance == 0)
        {
            k.Events.Pod(pod, slot.Name, "Normal", "Pulled", $"Container image \"{slot.Image}\" already present on machine");
        }

        var log = new ContainerLog(sandbox.LogFile(slot.Name, instance), k.Time);
        File.WriteAllText(log.Path, "");
        if (!IsExecutable(exe))
        {
            var message = $"failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \"{exe}\": {(exe.Contains('/', StringComparison.Ordinal) ? "stat " + exe + ": no such file or directory" : "executable file not found in $PATH")}: unknown";
            var now = k.Time.GetUtcNow();
            slot.Previous = slot.Terminated;
            slot.Terminated = new TerminatedState(128, "StartError", message, now, now, id);
            k.Events.Pod(pod, slot.Name, "Warning", "Failed", "Error: " + message);
            slot.Waiting = null;
            return TimeSpan.Zero;
        }

        k.Events.Pod(pod, slot.Name, "Normal", "Created", $"Created container: {slot.Name}");
        slot.Process = await ContainerProcess.StartAsync(k.Launcher, exe, args, workingDir, env, log, k.Time).ConfigureAwait(false);
        slot.ContainerId = id;
        slot.Waiting = null;
        k.Events.Pod(pod, slot.Name, "Normal", "Started", $"Started container {slot.Name}");
        StartProbes(slot);
        return null;
    }

    private void StartProbes(ContainerSlot slot)
    {
        Probe? startup, readiness, liveness;
        try
        {
            (startup, readiness, liveness) = (Probe.From(slot.Spec, "startupProbe"), Probe.From(slot.Spec, "readinessProbe"), Probe.From(slot.Spec, "livenessProbe"));
        }
        catch (ContainerConfigException e)
        {
            k.Events.Pod(pod, slot.Name, "Warning", "Unhealthy", e.Message);
            return;
        }

        var process = slot.Process!;
        slot.ProbeStop = new CancellationTokenSource();
        slot.Probes = new ContainerProbes(startup, readiness, liveness, podIp!, Wake,
            (probe, failure) => k.Events.Pod(pod, slot.Name, "Warning", "Unhealthy", $"{probe} probe failed: {failure}"),
            probe =>
            {
                k.Events.Pod(pod, slot.Name, "Normal", "Killing", $"Container {slot.Name} failed {probe} probe, will be restarted");
                _ = process.StopAsync(Grace());
            },
            k.Time);
        _ = slot.Probes.RunAsync(slot.ProbeStop.Token);
    }

    /// <summary>Records how an instance ended: exit code, reason and the termination message, as the kubelet reads it back.</summary>
    private void Ended(ContainerSlot slot, int exitCode)
    {
        var process = slot.Process!;
        slot.ProbeStop?.Cancel();
        slot.Probes = null;
        slot.Process = null;
        var message = sandbox!.TerminationMessage(slot.Name, slot.Instances - 1, exitCode, slot.Spec["terminationMessagePolicy"]?.GetValue<string>() == "FallbackToLogsOnError");
        slot.Previous = slot.Terminated;
        slot.Terminated = new TerminatedState(exitCode, exitCode == 0 ? "Completed" : "Error", message, process.StartedAt, k.Time.GetUtcNow(), slot.ContainerId ?? "");
        slot.Waiting = null;
    }

    /// <summary>Stops every running container within <paramref name="grace"/>, as on pod deletion; nothing restarts after.</summary>
    private async Task TerminateAsync(Func<TimeSpan> grace)
    {
        var running = slots.Where(s => s.Process is not null).ToList();
        var started = k.Time.GetUtcNow();
        foreach (var slot in running)
        {
            k.Events.Pod(pod, slot.Name, "Normal", "Killing", $"Stopping container {slot.Name}");
            slot.Process!.Terminate();
        }

        // The grace period is read again while waiting: a second delete may shorten it (kubectl delete --now, --force).
        while (running.Any(s => !s.Process!.Exited.IsCompleted) && !shutdown.IsCancellationRequested)
        {
            if (k.Time.GetUtcNow() - started >= grace())
            {
                running.ForEach(s => s.Process!.Kill());
                break;
            }

            await Task.WhenAny([Task.Delay(TimeSpan.FromMilliseconds(100), k.Time), .. running.Select(s => (Task)s.Process!.Exited)]).ConfigureAwait(false);
        }

        await StopAllAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        foreach (var slot in slots)
        {
            slot.Done = true;
            slot.Waiting = null;
        }

        forcedFailed = status!.Reason is not null;
        Publish();
    }

    private async Task StopAllAsync(TimeSpan grace)
    {
        var running = slots.Where(s => s.Process is not null).ToList();
        await Task.WhenAll(running.Select(s => s.Process!.StopAsync(grace))).ConfigureAwait(false);
        foreach (var slot in running)
        {
            Ended(slot, await slot.Process!.Exited.ConfigureAwait(false));
        }
    }

    private void Publish(bool forceFailed = false)
    {
        if (removed || shutdown.IsCancellationRequested)
        {
            return;
        }

        forcedFailed |= forceFailed;
        var phase = forcedFailed ? "Failed" : PodStatusBuilder.Phase(slots, restartPolicy);
        var next = status!.Build(slots, phase, k.Time.GetUtcNow());
        k.Store.Mutate(k.Pods, Ns, Name, p =>
        {
            if (Meta.Uid(p) != Uid)
            {
                throw ApiException.NotFound("pods", "", Name);
            }

            // Conditions other writers own (DisruptionTarget) and the qosClass set at admission stay as they are.
            var current = p["status"] as JsonObject;
            foreach (var condition in (current?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (condition["type"]?.GetValue<string>() is "DisruptionTarget")
                {
                    ((JsonArray)next["conditions"]!).Add(condition.DeepClone());
                }
            }

            if (current?["qosClass"] is { } qos)
            {
                next["qosClass"] = qos.DeepClone();
            }

            p["status"] = next.DeepClone();
            return p;
        }, WriteScope.Status);

    }

    private TimeSpan Grace() => TimeSpan.FromSeconds(Meta.Number(pod["spec"]?["terminationGracePeriodSeconds"]) ?? PodGrace.DefaultSeconds);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static List<string> Strings(JsonNode? node) => (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
