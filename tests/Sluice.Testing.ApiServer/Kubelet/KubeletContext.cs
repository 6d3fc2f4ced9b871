using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>What every pod worker of one kubelet shares.</summary>
internal sealed record KubeletContext(
    ObjectStore Store,
    ResourceRegistry Registry,
    TimeProvider Time,
    ProcessLauncher Launcher,
    PodAddressPool Addresses,
    EventRecorder Events,
    PodEnvironment Environment,
    CrashBackoff Backoff,
    IReadOnlyList<ImageMapping> Images,
    string NodeName,
    string HostIp,
    string Root)
{
    public ResourceType Pods => Registry.Find("", "v1", "pods")!;

    /// <summary>The executable a container image stands for, or null when this kubelet does not run it.</summary>
    public string? Entrypoint(string image) => Images.FirstOrDefault(m => m.Matches(image))?.Executable;
}
