using Sluice.Core.Api;

namespace Sluice.Core.Conditions;

/// <summary><see cref="ConditionSet"/> on the API's condition lists, for statuses built in Core.</summary>
public static class ConditionList
{
    public static List<Condition> Set(
        List<Condition>? conditions, string type, string status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var states = (conditions ?? []).Select(c => new ConditionState(
            c.Type, c.Status, c.Reason ?? "", c.Message ?? "", c.LastTransitionTime ?? now, c.ObservedGeneration)).ToList();
        return [.. ConditionSet.Set(states, type, status, reason, message, generation, now).Select(c => new Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime,
            ObservedGeneration = c.ObservedGeneration,
        })];
    }

    public static Condition? Find(List<Condition>? conditions, string type) => conditions?.FirstOrDefault(c => c.Type == type);
}
