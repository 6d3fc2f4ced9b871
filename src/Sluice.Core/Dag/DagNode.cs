namespace Sluice.Core.Dag;

/// <summary>A node of a dependency graph: a stage name and the names it depends on.</summary>
public sealed record DagNode(string Name, IReadOnlyList<string> DependsOn);
