namespace Sluice.Testing.ApiServer.Store;

/// <summary>Which part of an object a write may change: the main endpoint, the /status subresource, or all (server-internal).</summary>
internal enum WriteScope
{
    Main,
    Status,
    All,
}
