using System.Net;

namespace Sluice.Runtime.Hosting;

/// <summary>
/// A probe or metrics server could not listen on its address (the port is taken, a privileged port, an address
/// that is not this machine's). <see cref="Option"/> is the flag that sets the address, so the message can say
/// what to change; the transport's own exception is the inner one.
/// </summary>
public sealed class ListenException(string option, IPEndPoint endpoint, Exception inner)
    : IOException($"{option}: cannot listen on {endpoint}: {inner.Message}", inner)
{
    public string Option { get; } = option;

    public IPEndPoint Endpoint { get; } = endpoint;
}
