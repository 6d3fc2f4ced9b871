namespace Sluice.Core.Monitoring;

/// <summary>One feature's drift result as a window's summary carries it.</summary>
public sealed record FeatureScore(string Name, string Method, double Score, double? PValue, double Threshold, bool Drifted);
