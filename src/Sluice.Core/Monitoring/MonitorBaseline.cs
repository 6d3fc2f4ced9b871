namespace Sluice.Core.Monitoring;

/// <summary>What the monitor compares with: the Stable ModelVersion, the version label its logs carry, and the profile.</summary>
public sealed record MonitorBaseline(string ModelVersion, string Version, string Profile);
