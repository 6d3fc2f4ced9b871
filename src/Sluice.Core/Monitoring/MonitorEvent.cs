namespace Sluice.Core.Monitoring;

/// <summary>An Event to record on the DriftMonitor.</summary>
public sealed record MonitorEvent(bool Warning, string Reason, string Message);
