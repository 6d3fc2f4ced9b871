namespace Sluice.Testing.ApiServer.Store;

/// <summary>The deleteOptions propagationPolicy.</summary>
internal enum Propagation
{
    Background,
    Foreground,
    Orphan,
}
