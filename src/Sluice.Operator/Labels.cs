namespace Sluice.Operator;

/// <summary>The labels and annotations Sluice puts on what it creates, so users and tools can select them.</summary>
internal static class Labels
{
    public const string Pipeline = "sluice.dev/pipeline";
    public const string Run = "sluice.dev/run";
    public const string Stage = "sluice.dev/stage";
    public const string Attempt = "sluice.dev/attempt";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string FieldManager = "sluice-operator";
}
