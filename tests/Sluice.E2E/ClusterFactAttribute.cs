namespace Sluice.E2E;

/// <summary>
/// A fact that needs a real cluster with Sluice installed. xunit 2 has no dynamic skip, so the attribute sets
/// <see cref="FactAttribute.Skip"/> itself when the one-time probe finds no cluster; the reason is printed by
/// the runner (`dotnet test` lists skipped tests with it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (Cluster.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
