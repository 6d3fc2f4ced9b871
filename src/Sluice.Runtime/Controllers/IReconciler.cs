namespace Sluice.Runtime.Controllers;

/// <summary>
/// Brings one object's world in line with its spec. Must be idempotent: it is called again after errors,
/// restarts and any change of the object or its children. Throwing backs the key off exponentially.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
