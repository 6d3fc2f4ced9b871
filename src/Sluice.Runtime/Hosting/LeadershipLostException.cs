namespace Sluice.Runtime.Hosting;

/// <summary>
/// This replica lost its Lease. The process must stop: another replica may already be writing, and a restart
/// is the only safe way back to a clean state (as controller-runtime does).
/// </summary>
public sealed class LeadershipLostException(string message) : Exception(message);
