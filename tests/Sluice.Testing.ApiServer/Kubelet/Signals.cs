using System.Runtime.InteropServices;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>POSIX signals to a process or its whole process group.</summary>
internal static partial class Signals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to the group led by <paramref name="pid"/> (or the process alone); false when it is gone.</summary>
    public static bool Send(int pid, int signal, bool group) => Kill(group ? -pid : pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
