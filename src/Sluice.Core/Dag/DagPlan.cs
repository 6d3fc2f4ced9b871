namespace Sluice.Core.Dag;

/// <summary>
/// A topological plan of a DAG: <see cref="Levels"/> groups nodes that may run together (every node's
/// dependencies are in earlier levels), in declaration order inside a level so plans are deterministic.
/// </summary>
public sealed record DagPlan(IReadOnlyList<IReadOnlyList<string>> Levels)
{
    public IEnumerable<string> Order => Levels.SelectMany(l => l);
}
