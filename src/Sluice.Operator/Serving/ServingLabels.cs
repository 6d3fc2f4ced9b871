namespace Sluice.Operator.Serving;

/// <summary>Labels on every object serving a ModelVersion; the model Service selects both versions of a split by the model label.</summary>
internal static class ServingLabels
{
    public const string Model = "sluice.dev/model";
    public const string Version = "sluice.dev/version";
    public const string Component = "app.kubernetes.io/component";
    public const string ComponentValue = "inference-server";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "sluice";
}
