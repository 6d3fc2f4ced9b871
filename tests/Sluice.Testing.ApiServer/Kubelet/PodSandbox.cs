using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// A pod's files on this machine, as the kubelet's pods/UID directory: one directory per emptyDir volume and per
/// container (its root, its termination-message file, one log file per instance), all removed with the pod.
/// There is no mount namespace: a container's <c>workingDir</c> and <c>/tmp</c> are mapped onto the volume
/// mounted there, other paths inside the container are not.
/// </summary>
internal sealed class PodSandbox
{
    private readonly string root;
    private readonly Dictionary<string, string> volumes = new(StringComparer.Ordinal);

    private PodSandbox(string root) => this.root = root;

    public static PodSandbox Create(string kubeletRoot, JsonObject pod)
    {
        var sandbox = new PodSandbox(Path.Combine(kubeletRoot, "pods", $"{Meta.Str(pod, "namespace")}_{Meta.Name(pod)}_{Meta.Uid(pod)}"));
        foreach (var volume in (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = volume["name"]?.GetValue<string>() ?? "";
            var dir = Path.Combine(sandbox.root, "volumes", name);
            Directory.CreateDirectory(dir);
            sandbox.volumes[name] = dir;
        }

        return sandbox;
    }

    public string ContainerDirectory(string container) => Directory.CreateDirectory(Path.Combine(root, "containers", container)).FullName;

    public string TerminationMessageFile(string container) => Path.Combine(ContainerDirectory(container), "termination-log");

    public string LogFile(string container, int instance) => Path.Combine(ContainerDirectory(container), $"{instance}.log");

    /// <summary>Where a path inside the container lives here: under the volume mounted at or above it, else under the container's root.</summary>
    public string HostPath(JsonObject container, string path)
    {
        var mount = (container["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(m => (Path: (m["mountPath"]?.GetValue<string>() ?? "").TrimEnd('/'), Volume: m["name"]?.GetValue<string>() ?? "", Sub: m["subPath"]?.GetValue<string>() ?? ""))
            .Where(m => m.Path.Length > 0 && (path == m.Path || path.StartsWith(m.Path + "/", StringComparison.Ordinal)) && volumes.ContainsKey(m.Volume))
            .OrderByDescending(m => m.Path.Length)
            .FirstOrDefault();
        var dir = mount.Volume is { Length: > 0 }
            ? Path.Join(volumes[mount.Volume], mount.Sub, path[mount.Path.Length..])
            : Path.Join(ContainerDirectory(Name(container)), "rootfs", path);
        return Directory.CreateDirectory(dir).FullName;
    }

    /// <summary>
    /// What the image and the runtime give every container before the pod's own variables: this machine's PATH and
    /// .NET location, HOSTNAME, HOME and TMPDIR inside the pod, and the two variables that stand in for what this
    /// kubelet cannot do: the address to bind instead of 0.0.0.0, and where the termination message goes.
    /// </summary>
    public Dictionary<string, string> ImageEnvironment(JsonObject pod, JsonObject container, string podIp)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOSTNAME"] = Meta.Name(pod),
            ["HOME"] = HostPath(container, "/home"),
            ["TMPDIR"] = HostPath(container, "/tmp"),
            ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = HostPath(container, "/tmp"),
            ["SLUICE_BIND_ADDRESS"] = podIp,
            ["SLUICE_TERMINATION_MESSAGE_PATH"] = TerminationMessageFile(Name(container)),
        };
        foreach (var name in new[] { "DOTNET_ROOT", "LANG", "LC_ALL", "TZ" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                env[name] = value;
            }
        }

        if (!env.ContainsKey("DOTNET_ROOT") && Directory.Exists("/usr/share/dotnet"))
        {
            env["DOTNET_ROOT"] = "/usr/share/dotnet";
        }

        return env;
    }

    /// <summary>
    /// The message of an ended instance: the file's last 4096 bytes; with FallbackToLogsOnError, a failed container
    /// that wrote none gets its log's last 80 lines, at most 2048 bytes (pkg/kubelet/kuberuntime/kuberuntime_container.go).
    /// </summary>
    public string? TerminationMessage(string container, int instance, int exitCode, bool fallbackToLogs)
    {
        var file = TerminationMessageFile(container);
        var bytes = File.Exists(file) ? File.ReadAllBytes(file) : [];
        var text = System.Text.Encoding.UTF8.GetString(bytes.Length > 4096 ? bytes[^4096..] : bytes);
        if (text.Length > 0 || exitCode == 0 || !fallbackToLogs)
        {
            return text.Length > 0 ? text : null;
        }

        var lines = ContainerLog.Read(LogFile(container, instance)).TakeLast(80).Select(e => e.Text + "\n");
        var tail = System.Text.Encoding.UTF8.GetBytes(string.Concat(lines));
        return tail.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(tail.Length > 2048 ? tail[..2048] : tail);
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never created or already gone.
        }
    }

    private static string Name(JsonObject container) => container["name"]?.GetValue<string>() ?? "";
}
