using System.Net;
using System.Net.Sockets;

namespace Sluice.Cli.Listening;

/// <summary>
/// Turns a failure to listen into the one line a user needs: the address, the flag that sets it, what went
/// wrong in words and, for a taken port, which process holds it (when this machine can tell).
/// </summary>
internal static class ListenFailure
{
    /// <summary>True when <paramref name="e"/> (or an inner exception) is a socket bind failure.</summary>
    public static bool IsBindFailure(Exception e) => Cause(e) is not null;

    /// <summary>One line, e.g. <c>cannot listen on 127.0.0.1:8080 (--port): port 8080 is in use by pid 42 (sluice serve); ...</c>.</summary>
    /// <param name="option">The flag that sets the port.</param>
    /// <param name="hostOption">The flag that sets the address, when it is another one.</param>
    public static string Describe(Exception e, IPEndPoint endpoint, string option, string? hostOption = null)
    {
        hostOption ??= option;
        var why = Cause(e) switch
        {
            SocketError.AddressAlreadyInUse =>
                $"port {endpoint.Port} is in use{HeldBy(endpoint.Port)}; choose another with {option} or stop what holds it",
            SocketError.AccessDenied =>
                $"permission denied: ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a port of 1024 or more with {option}",
            SocketError.AddressNotAvailable =>
                $"{endpoint.Address} is not an address of this machine; set {hostOption} to one of its addresses (0.0.0.0 listens on all)",
            _ => $"{Innermost(e).Message}; check {option}",
        };
        return $"cannot listen on {endpoint} ({(hostOption == option ? option : $"{hostOption} and {option}")}): {why}";
    }

    private static string HeldBy(int port) => PortHolders.Describe(port) is { } holder ? $" by {holder}" : "";

    private static SocketError? Cause(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                // Kestrel wraps a taken port in AddressInUseException (inside an IOException).
                case Microsoft.AspNetCore.Connections.AddressInUseException:
                    return SocketError.AddressAlreadyInUse;
                case SocketException socket:
                    return socket.SocketErrorCode;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
