using System.Net;

namespace Sluice.Runtime.Hosting;

/// <summary>
/// The address to listen on when a flag asks for every address (0.0.0.0, :: or an empty host). In a container that
/// is the pod's own network; where pods share one network namespace (the API test server's process kubelet gives
/// each pod its own loopback IP) the kubelet sets <c>SLUICE_BIND_ADDRESS</c> to the pod IP, so two pods can listen
/// on the same port, as in a cluster.
/// </summary>
public static class PodBindAddress
{
    public const string Variable = "SLUICE_BIND_ADDRESS";

    /// <summary><paramref name="address"/>, or the pod's address from SLUICE_BIND_ADDRESS when it is a wildcard.</summary>
    public static IPAddress Resolve(IPAddress address, string? bindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        bindAddress ??= Environment.GetEnvironmentVariable(Variable);
        if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) || string.IsNullOrWhiteSpace(bindAddress))
        {
            return address;
        }

        return IPAddress.TryParse(bindAddress.Trim(), out var pod)
            ? pod
            : throw new FormatException($"{Variable}: \"{bindAddress}\" is not an IP address");
    }
}
