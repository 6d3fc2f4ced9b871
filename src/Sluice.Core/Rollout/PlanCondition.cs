namespace Sluice.Core.Rollout;

/// <summary>A condition a plan asks for: its status (True or False), reason and message.</summary>
public sealed record PlanCondition(bool Status, string Reason, string Message)
{
    public string StatusText => Status ? "True" : "False";
}
