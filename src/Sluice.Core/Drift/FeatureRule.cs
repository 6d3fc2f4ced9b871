namespace Sluice.Core.Drift;

/// <summary>A per-feature override: the method and/or threshold to use instead of the defaults.</summary>
public sealed record FeatureRule(string Name, DriftMethod? Method, double? Threshold);
