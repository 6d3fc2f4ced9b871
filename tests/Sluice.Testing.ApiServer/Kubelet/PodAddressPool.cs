using System.Net;

namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// Pod IPs on loopback, as a node's pod CIDR: every server picks its own random 127.X.Y.0/24 (Linux routes all of
/// 127.0.0.0/8 to lo, so nothing is configured and nothing is reachable from another machine), hands out .2 to .254
/// and takes addresses back when pods go. 127.0.0.0/16 is left to tests' own servers.
/// </summary>
internal sealed class PodAddressPool
{
    private readonly Lock gate = new();
    private readonly SortedSet<int> free = [];
    private readonly string prefix;

    public PodAddressPool()
    {
        prefix = $"127.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(0, 256)}.";
        for (var host = 2; host <= 254; host++)
        {
            free.Add(host);
        }
    }

    /// <summary>The pool's range, as a node's spec.podCIDR.</summary>
    public string Cidr => prefix + "0/24";

    public string Allocate()
    {
        lock (gate)
        {
            if (free.Count == 0)
            {
                throw new InvalidOperationException($"the test kubelet's pod range {Cidr} has no free address: more than 253 pods run at once");
            }

            var host = free.Min;
            free.Remove(host);
            return prefix + host.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public void Release(string ip)
    {
        if (IPAddress.TryParse(ip, out var parsed) && ip.StartsWith(prefix, StringComparison.Ordinal))
        {
            lock (gate)
            {
                free.Add(parsed.GetAddressBytes()[3]);
            }
        }
    }
}
