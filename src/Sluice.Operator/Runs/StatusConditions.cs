using Sluice.Core.Api;
using Sluice.Core.Conditions;

namespace Sluice.Operator.Runs;

/// <summary>Sets a condition on an API condition list with Core's bookkeeping (transition time moves only on a flip).</summary>
internal static class StatusConditions
{
    public static List<Condition> Set(
        List<Condition>? conditions, string type, string status, string reason, string message, long? generation, DateTimeOffset now) =>
        ConditionList.Set(conditions, type, status, reason, message, generation, now);
}
