namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>A container cannot be configured yet (a missing Secret or ConfigMap): the pod waits with CreateContainerConfigError.</summary>
internal sealed class ContainerConfigException(string message) : Exception(message);
