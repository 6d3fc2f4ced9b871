using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// A node of this machine: the scheduler and kubelet for pods whose every container image is mapped to a local
/// executable (<see cref="TestApiServerOptions.RunImages"/>). It binds such pods to itself, runs each on a
/// <see cref="PodWorker"/>, and stops every process before the server goes. Pods of other images are left to
/// the simulated controllers.
/// </summary>
internal sealed class Kubelet : IAsyncDisposable
{
    public const string DefaultNodeName = "sluice-kubelet";
    private readonly KubeletContext context;
    private readonly Channel<WatchEvent> events = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, PodWorker> workers = new();
    private readonly Task loop;

    public Kubelet(ObjectStore store, ResourceRegistry registry, TimeProvider time, IReadOnlyList<ImageMapping> images, TimeSpan restartBackoff)
    {
        var parent = Path.Combine(Path.GetTempPath(), "sluice-kubelet");
        SweepStale(parent);
        var root = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(root);
        var events = new EventRecorder(store, registry, time, "kubelet", DefaultNodeName);
        context = new KubeletContext(store, registry, time, new ProcessLauncher(root), new PodAddressPool(), events, PodEnvironment.For(store, registry),
            new CrashBackoff(restartBackoff, restartBackoff * 30), images, DefaultNodeName, "127.0.0.1", root);
        RegisterNode();
        loop = Task.Run(DispatchAsync);
    }

    /// <summary>Whether this kubelet runs a pod of this spec: every container's image is mapped.</summary>
    public bool Runs(JsonNode? podSpec)
    {
        var containers = (podSpec?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return containers.Count > 0 && (podSpec?["initContainers"] as JsonArray ?? []).Count == 0
            && containers.All(c => context.Entrypoint(c["image"]?.GetValue<string>() ?? "") is not null);
    }

    /// <summary>The log file <c>pods/NAME/log</c> reads for a container (the kubelet's validateContainerLogStatus), or null for a pod this kubelet does not run.</summary>
    public (string Path, Func<bool> Running)? LogFile(JsonObject pod, string container, bool previous) =>
        workers.TryGetValue(Meta.Uid(pod), out var worker) ? worker.LogFile(container, previous) : null;

    public void OnChanged(WatchEvent e)
    {
        if (e.Resource.StorageKey == "/pods")
        {
            events.Writer.TryWrite(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        events.Writer.TryComplete();
        await loop.ConfigureAwait(false);
        await Task.WhenAll(workers.Values.Select(w => w.ShutdownAsync())).ConfigureAwait(false);
        context.Launcher.Dispose();
        try
        {
            Directory.Delete(context.Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a process that is gone by now; the temp directory is cleaned by the system.
        }
    }

    /// <summary>
    /// Cleans up after servers that were killed: their reaper kills their containers' process groups, and this is the
    /// second line of defence (a reaper that was killed too, or is still at work). A process group id cannot be
    /// reused while the group has members, so a live member of a group a dead server listed is one of its containers'
    /// processes: it is killed, then the server's directory (named after its process id) is removed.
    /// </summary>
    private static void SweepStale(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var name = Path.GetFileName(dir);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                foreach (var group in ProcessGroups.Listed(Path.Combine(dir, ProcessLauncher.GroupsDirectoryName)).Where(ProcessGroups.HasMembers))
                {
                    Signals.Send(group, Signals.SigKill, group: true);
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Another server sweeps it at the same time.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's server: not ours to clean.
            }
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var e in events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var uid = Meta.Uid(e.Object);
            if (e.Type == "DELETED")
            {
                if (workers.TryRemove(uid, out var gone))
                {
                    gone.Removed();
                }

                continue;
            }

            if (workers.TryGetValue(uid, out var worker))
            {
                worker.Changed(e.Object);
                continue;
            }

            var nodeName = e.Object["spec"]?["nodeName"]?.GetValue<string>();
            var phase = e.Object["status"]?["phase"]?.GetValue<string>();
            if (e.Type != "ADDED" || nodeName is { Length: > 0 } && nodeName != context.NodeName || Meta.IsDeleting(e.Object)
                || phase is "Succeeded" or "Failed" || !Runs(e.Object["spec"]))
            {
                continue;
            }

            try
            {
                var bound = Bind(e.Namespace, Meta.Name(e.Object), uid);
                workers[uid] = new PodWorker(context, bound);
            }
            catch (ApiException)
            {
                // Deleted before it could be bound.
            }
        }
    }

    /// <summary>The scheduler's binding (pods/binding): the node name and the PodScheduled condition, written at once.</summary>
    private JsonObject Bind(string ns, string name, string uid)
    {
        var now = Meta.Timestamp(context.Time.GetUtcNow());
        var bound = context.Store.Mutate(context.Pods, ns, name, p =>
        {
            if (Meta.Uid(p) != uid)
            {
                throw ApiException.NotFound("pods", "", name);
            }

            ((JsonObject)p["spec"]!)["nodeName"] = context.NodeName;
            var status = p["status"] as JsonObject ?? [];
            status["phase"] ??= "Pending";
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = now,
            });
            p["status"] = status;
            return p;
        }, WriteScope.All);
        context.Events.Pod(bound, null, "Normal", "Scheduled", $"Successfully assigned {ns}/{name} to {context.NodeName}", from: "default-scheduler");
        return bound;
    }

    private void RegisterNode()
    {
        var nodes = context.Registry.Find("", "v1", "nodes")!;
        var now = Meta.Timestamp(context.Time.GetUtcNow());
        context.Store.Create(nodes, "", new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = context.NodeName,
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/hostname"] = context.NodeName, ["kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant() == "x64" ? "amd64" : "arm64",
                },
            },
            ["spec"] = new JsonObject { ["podCIDR"] = context.Addresses.Cidr, ["podCIDRs"] = new JsonArray(context.Addresses.Cidr) },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status",
                    ["lastHeartbeatTime"] = now, ["lastTransitionTime"] = now,
                }),
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = context.HostIp },
                    new JsonObject { ["type"] = "Hostname", ["address"] = context.NodeName }),
                ["nodeInfo"] = new JsonObject { ["kubeletVersion"] = "v1.32.0", ["containerRuntimeVersion"] = "sluice-process://1", ["operatingSystem"] = "linux" },
            },
        }, keepStatus: true);
    }
}
