namespace Sluice.Core.Monitoring;

/// <summary>What the monitor compares with: the Stable ModelVersion, the version label its logs carry, and the profile.</summary>
/// <param name="FlushInterval">How long the version's servers hold a row before writing it: the most one log object's rows span.</param>
public sealed record MonitorBaseline(string ModelVersion, string Version, string Profile, TimeSpan? FlushInterval = null);
