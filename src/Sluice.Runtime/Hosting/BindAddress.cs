using System.Globalization;
using System.Net;

namespace Sluice.Runtime.Hosting;

/// <summary>Parses <c>HOST:PORT</c> the way controller-runtime's flags accept it (<c>:8080</c> = any host; <c>0</c> disables).</summary>
public static class BindAddress
{
    /// <summary>The endpoint to listen on, or null when the address is <c>0</c> (disabled).</summary>
    public static IPEndPoint? Parse(string value, string option)
    {
        if (value == "0")
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"{option}: '{value}' is not HOST:PORT (for example :8080 or 127.0.0.1:8080)");
        }

        var host = value[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            return new IPEndPoint(PodBindAddress.Resolve(IPAddress.Any), port);
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip)
            ? new IPEndPoint(PodBindAddress.Resolve(ip), port)
            : throw new FormatException($"{option}: host '{host}' is not an IP address (use an IP, localhost or an empty host)");
    }
}
