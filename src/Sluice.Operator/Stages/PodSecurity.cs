using k8s.Models;

namespace Sluice.Operator.Stages;

/// <summary>
/// The security every pod Sluice creates runs with (stage Jobs and inference servers alike): a non-root user and
/// group, the runtime's default seccomp profile, a read-only root file system, no privilege escalation and no
/// capabilities.
/// </summary>
internal static class PodSecurity
{
    public const long NonRootId = 65532;

    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = NonRootId,
        RunAsGroup = NonRootId,
        FsGroup = NonRootId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };
}
