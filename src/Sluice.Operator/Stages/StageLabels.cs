namespace Sluice.Operator.Stages;

/// <summary>Labels on every stage Job and its Pods, so runs, stages and attempts can be selected with kubectl.</summary>
internal static class StageLabels
{
    public const string Pipeline = "sluice.dev/pipeline";
    public const string Run = "sluice.dev/run";
    public const string Stage = "sluice.dev/stage";
    public const string Attempt = "sluice.dev/attempt";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "sluice";
}
