namespace Sluice.Core.Monitoring;

/// <summary>What a DriftMonitor retrains with and the safeguards around it.</summary>
public sealed record RetrainSettings(string Pipeline, TimeSpan Cooldown, int MaxConsecutiveRefusals);
