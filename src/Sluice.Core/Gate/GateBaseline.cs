namespace Sluice.Core.Gate;

/// <summary>The serving model the candidate is compared with, and its metrics measured on the candidate's test data.</summary>
public sealed record GateBaseline(string Name, IReadOnlyDictionary<string, decimal> Metrics);
