namespace Sluice.Core.Conditions;

/// <summary>
/// Condition bookkeeping per the Kubernetes API conventions. <c>lastTransitionTime</c> moves only when the
/// status flips, so a controller that recomputes the same condition on every pass never churns it (and never
/// writes status for nothing); a reason or message change alone keeps the old transition time.
/// </summary>
public static class ConditionSet
{
    /// <summary>
    /// Returns <paramref name="existing"/> with the condition of <paramref name="type"/> set. The order of the
    /// other conditions is kept and a new type is appended, so two passes that agree produce equal lists.
    /// </summary>
    public static IReadOnlyList<ConditionState> Set(
        IReadOnlyList<ConditionState> existing,
        string type,
        string status,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        if (!ConditionStatus.IsValid(status))
        {
            throw new ArgumentException(
                $"condition {type}: status must be True, False or Unknown, not '{status}'", nameof(status));
        }

        var result = new List<ConditionState>(existing.Count + 1);
        var found = false;
        foreach (var condition in existing)
        {
            if (condition.Type != type)
            {
                result.Add(condition);
                continue;
            }

            found = true;
            var transition = condition.Status == status ? condition.LastTransitionTime : now;
            result.Add(new ConditionState(type, status, reason, message, transition, observedGeneration));
        }

        if (!found)
        {
            result.Add(new ConditionState(type, status, reason, message, now, observedGeneration));
        }

        return result;
    }

    /// <summary>
    /// On a controller's first visit each listed type that is still absent becomes <c>Unknown</c>, so a user
    /// sees at once that the object was picked up and what the controller will report on.
    /// </summary>
    public static IReadOnlyList<ConditionState> InitializeUnknown(
        IReadOnlyList<ConditionState> existing,
        IEnumerable<string> types,
        string reason,
        string message,
        long? observedGeneration,
        DateTimeOffset now)
    {
        var result = existing;
        foreach (var type in types)
        {
            if (Find(result, type) is null)
            {
                result = Set(result, type, ConditionStatus.Unknown, reason, message, observedGeneration, now);
            }
        }

        return result;
    }

    /// <summary>The condition of <paramref name="type"/>, or null when absent.</summary>
    public static ConditionState? Find(IReadOnlyList<ConditionState> conditions, string type)
    {
        foreach (var condition in conditions)
        {
            if (condition.Type == type)
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>Whether two lists say the same thing, so the caller can skip a status write.</summary>
    public static bool SameAs(IReadOnlyList<ConditionState> left, IReadOnlyList<ConditionState> right) =>
        left.Count == right.Count && left.Zip(right).All(pair => pair.First == pair.Second);
}
