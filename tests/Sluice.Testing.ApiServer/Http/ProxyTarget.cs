namespace Sluice.Testing.ApiServer.Http;

/// <summary>Where a proxied request goes: the scheme from the id ("" means http) and host:port (or host alone).</summary>
internal sealed record ProxyTarget(string Scheme, string Authority);
