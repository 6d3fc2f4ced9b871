using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// Starts container processes so that none outlives the server. Each process is started through
/// <c>setsid</c> (its own process group, so a stop reaches everything it started) and <c>setpriv --pdeathsig KILL</c>
/// (the kernel kills it when its parent dies, also when the server is killed with SIGKILL). A parent-death signal is
/// not inherited by the container's own children, so a reaper shell, started the same way with SIGTERM as its
/// signal, kills every process group listed in <c>groups.d</c> when the server dies. Each container lists its own
/// group there (a file named by its pid) before it runs the container's executable, so a server killed the moment a
/// container started still leaves nothing behind. The parent-death signal fires
/// when the forking <em>thread</em> ends, so every fork happens on one dedicated thread that lives as long as the
/// launcher; a thread-pool thread could retire and take its children with it.
/// </summary>
internal sealed class ProcessLauncher : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> requests = new();
    private readonly ConcurrentDictionary<int, byte> groups = new();
    private readonly Thread thread;
    private readonly bool wrap;
    private readonly string groupsDirectory;

    /// <summary>Lists the shell's own pid (its process group after setsid) under the directory in $1, then becomes the container.</summary>
    private const string ListThenExec = "echo $$ > \"$1/$$\" && shift && exec \"$@\"";

    public ProcessLauncher(string stateDirectory)
    {
        wrap = File.Exists("/usr/bin/setsid") && File.Exists("/usr/bin/setpriv") && File.Exists("/bin/sh");
        groupsDirectory = Path.Combine(stateDirectory, GroupsDirectoryName);
        Directory.CreateDirectory(groupsDirectory);
        thread = new Thread(Loop) { IsBackground = true, Name = "kubelet-process-launcher" };
        thread.Start();
        if (wrap)
        {
            StartReaper();
        }
    }

    /// <summary>Starts <paramref name="executable"/> with <paramref name="args"/>; the returned process leads its own process group.</summary>
    public Task<Process> StartAsync(string executable, IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(wrap ? "/usr/bin/setsid" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (wrap)
        {
            foreach (var a in new[] { "/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "/bin/sh", "-c", ListThenExec, "sluice-kubelet", groupsDirectory, executable })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A container sees only its own environment, never the server's (which may hold the test's credentials).
        info.Environment.Clear();
        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests.Add((info, started));
        return started.Task;
    }

    /// <summary>Whether a stop can signal the whole process group (the process was started through setsid).</summary>
    public bool OwnGroups => wrap;

    /// <summary>Where a kubelet's state directory lists its containers' process groups, one file per group.</summary>
    public const string GroupsDirectoryName = "groups.d";

    /// <summary>The group led by <paramref name="pid"/> is gone (killed after its leader ended): the reaper forgets it.</summary>
    public void Forget(int pid)
    {
        if (groups.TryRemove(pid, out _))
        {
            File.Delete(Path.Combine(groupsDirectory, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Lists the group too, in case its shell has not yet (the file is the same either way).</summary>
    private void Remember(int pid)
    {
        groups[pid] = 0;
        var file = Path.Combine(groupsDirectory, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!File.Exists(file))
        {
            File.WriteAllText(file, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
        }
    }

    /// <summary>
    /// The reaper waits in an interruptible <c>wait</c>; on SIGTERM (its parent-death signal, or the launcher's
    /// disposal) it SIGKILLs every listed group and its own sleep, then exits.
    /// </summary>
    private void StartReaper()
    {
        var script = $"trap 'for g in $(ls \"{groupsDirectory}\"); do kill -9 -$g 2>/dev/null; done; kill $! 2>/dev/null; exit 0' TERM; while :; do sleep 60 & wait $!; done";
        var info = new ProcessStartInfo("/usr/bin/setpriv") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { "--pdeathsig", "TERM", "--", "/bin/sh", "-c", script })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        requests.Add((info, started));
        reaper = started.Task;
    }

    private Task<Process>? reaper;

    public void Dispose()
    {
        requests.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));

        // The thread's end sent the reaper its SIGTERM; it kills nothing by now (every container stopped before).
        if (reaper is { IsCompletedSuccessfully: true } r)
        {
            r.Result.WaitForExit(TimeSpan.FromSeconds(5));
            r.Result.Dispose();
        }
    }

    private void Loop()
    {
        foreach (var (info, started) in requests.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
                if (wrap && info.FileName == "/usr/bin/setsid")
                {
                    Remember(process.Id);
                }

                started.SetResult(process);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                started.SetException(e);
            }
        }

        // Leaving here ends the thread, and the kernel kills any child still alive (its parent-death signal): the
        // kubelet disposes the launcher only after it has stopped every container.
    }
}
