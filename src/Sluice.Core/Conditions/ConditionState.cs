namespace Sluice.Core.Conditions;

/// <summary>
/// One status condition as the Kubernetes API conventions describe it: a type, a status of
/// <c>True</c>, <c>False</c> or <c>Unknown</c>, a CamelCase reason, a human message, the time the
/// status last flipped, and the generation it was computed from.
/// </summary>
public sealed record ConditionState(
    string Type,
    string Status,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime,
    long? ObservedGeneration);
