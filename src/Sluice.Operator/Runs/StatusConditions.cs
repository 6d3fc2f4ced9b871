using Sluice.Core.Api;
using Sluice.Core.Conditions;

namespace Sluice.Operator.Runs;

/// <summary>Sets a condition on an API condition list with Core's bookkeeping (transition time moves only on a flip).</summary>
internal static class StatusConditions
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
}
