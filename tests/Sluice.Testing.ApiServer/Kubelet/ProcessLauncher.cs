using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// Starts container processes so that none outlives the server. Each process is started through
/// <c>setsid</c> (its own process group, so a stop reaches everything it started) and <c>setpriv --pdeathsig KILL</c>
/// (the kernel kills it when its parent dies, also when the server is killed with SIGKILL). The parent-death signal
/// fires when the forking <em>thread</em> ends, so every fork happens on one dedicated thread that lives as long as
/// the launcher; a thread-pool thread could retire and take its children with it.
/// </summary>
internal sealed class ProcessLauncher : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> requests = new();
    private readonly Thread thread;
    private readonly bool wrap;

    public ProcessLauncher()
    {
        wrap = File.Exists("/usr/bin/setsid") && File.Exists("/usr/bin/setpriv");
        thread = new Thread(Loop) { IsBackground = true, Name = "kubelet-process-launcher" };
        thread.Start();
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
            foreach (var a in new[] { "/usr/bin/setpriv", "--pdeathsig", "KILL", "--", executable })
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

    public void Dispose()
    {
        requests.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Loop()
    {
        foreach (var (info, started) in requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start"));
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
