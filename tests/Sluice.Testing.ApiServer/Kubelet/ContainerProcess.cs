using System.Diagnostics;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// One running container instance: a process group whose stdout and stderr go to its log, stopped as the
/// kubelet stops a container (SIGTERM to the group, then SIGKILL when the grace period is over).
/// </summary>
internal sealed class ContainerProcess
{
    private readonly Process process;
    private readonly ProcessLauncher launcher;
    private readonly bool group;
    private readonly Task pumps;

    private ContainerProcess(Process process, ProcessLauncher launcher, ContainerLog log, DateTimeOffset startedAt)
    {
        this.process = process;
        this.launcher = launcher;
        group = launcher.OwnGroups;
        Pid = process.Id;
        StartedAt = startedAt;
        process.StandardInput.Close();
        pumps = Task.WhenAll(PumpAsync(process.StandardOutput, "stdout", log), PumpAsync(process.StandardError, "stderr", log));
        Exited = WaitAsync();
    }

    /// <summary>The process id, which is also its group id (read at start: the Process object is disposed at exit).</summary>
    public int Pid { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The exit code once the process has ended and its output is in the log (128 + signal when killed).</summary>
    public Task<int> Exited { get; }

    public static async Task<ContainerProcess> StartAsync(ProcessLauncher launcher, string executable, IReadOnlyList<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, ContainerLog log, TimeProvider time)
    {
        var process = await launcher.StartAsync(executable, args, workingDirectory, environment).ConfigureAwait(false);
        return new ContainerProcess(process, launcher, log, time.GetUtcNow());
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; returns once the process has ended.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        Terminate();
        if (await Task.WhenAny(Exited, Task.Delay(grace)).ConfigureAwait(false) != Exited)
        {
            Kill();
        }

        await Exited.ConfigureAwait(false);
    }

    /// <summary>SIGTERM to the whole group: the container's chance to stop on its own.</summary>
    public void Terminate()
    {
        if (!Exited.IsCompleted)
        {
            Signals.Send(Pid, Signals.SigTerm, group);
        }
    }

    /// <summary>SIGKILL to the whole group: nothing the container started survives it.</summary>
    public void Kill()
    {
        if (!Exited.IsCompleted)
        {
            Signals.Send(Pid, Signals.SigKill, group);
        }
    }

    private async Task<int> WaitAsync()
    {
        await process.WaitForExitAsync().ConfigureAwait(false);

        // A child that outlives the container's main process would hold the pipes open; the group goes with it.
        if (group)
        {
            Signals.Send(Pid, Signals.SigKill, group: true);
            launcher.Forget(Pid);
        }

        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        var code = process.ExitCode;
        process.Dispose();
        return code;
    }

    private static async Task PumpAsync(StreamReader reader, string stream, ContainerLog log)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            log.Append(stream, line);
        }
    }
}
