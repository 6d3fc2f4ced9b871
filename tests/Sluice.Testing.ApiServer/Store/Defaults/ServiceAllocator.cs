using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// One server's ClusterIPs and NodePorts: kube-apiserver's default --service-cluster-ip-range 10.96.0.0/12 (single
/// stack IPv4) and --service-node-port-range 30000-32767. 10.96.0.1 is kept for the `kubernetes` Service a real
/// cluster has (this server does not create it). Allocation errors are the messages of
/// pkg/registry/core/service/ipallocator and portallocator.
/// </summary>
internal sealed class ServiceAllocator
{
    public const string IpRange = "10.96.0.0/12";
    public const string PortRange = "30000-32767";

    private const uint Network = 10u << 24 | 96u << 16;
    private const long HostCount = 1L << 20;

    // Offsets from the network address: 0 and the broadcast are not hosts, 1 is the kubernetes Service's.
    private readonly RandomPool ips = new(2, HostCount - 2, 257);
    private readonly RandomPool ports = new(30000, 32767, 30086);

    public string NextIp() => Format(ips.TakeNext() ?? throw new ApiException(500, "InternalError",
        "Internal error occurred: failed to allocate a serviceIP: range is full"));

    /// <summary>Takes a requested ClusterIP; the error is the allocator's when it cannot.</summary>
    public string? TryTakeIp(string ip)
    {
        if (Offset(ip) is not { } offset || offset is < 1 or >= HostCount - 1)
        {
            return $"the provided IP ({ip}) is not in the valid range. The range of valid IPs is {IpRange}";
        }
        if (offset == 1 || !ips.TryTake(offset))
        {
            return "provided IP is already allocated";
        }
        return null;
    }

    public void ReleaseIp(string ip)
    {
        if (Offset(ip) is { } offset)
        {
            ips.Release(offset);
        }
    }

    public int NextPort() => (int)(ports.TakeNext() ?? throw new ApiException(500, "InternalError",
        "Internal error occurred: failed to allocate a nodePort: range is full"));

    public string? TryTakePort(long port)
    {
        if (!ports.InRange(port))
        {
            return $"provided port is not in the valid range. The range of valid ports is {PortRange}";
        }
        return ports.TryTake(port) ? null : "provided port is already allocated";
    }

    public void ReleasePort(long port) => ports.Release(port);

    /// <summary>The offset of an IPv4 address in 10.96.0.0/12, or null when it is outside.</summary>
    private static long? Offset(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }
        var bytes = address.GetAddressBytes();
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var offset = (long)value - Network;
        return offset is >= 0 and < HostCount ? offset : null;
    }

    private static string Format(long offset)
    {
        var value = Network + (uint)offset;
        return string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
    }
}
