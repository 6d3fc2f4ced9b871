namespace Sluice.Core.Rollout;

/// <summary>One parent (Gateway) of an HTTPRoute as its status tells it: the parent's name and its Accepted condition.</summary>
public sealed record RouteParent(string Name, string? Status, string? Reason, string? Message, long? ObservedGeneration);
