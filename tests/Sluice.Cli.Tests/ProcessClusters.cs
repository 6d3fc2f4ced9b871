namespace Sluice.Cli.Tests;

/// <summary>
/// The tests that run a <see cref="ProcessCluster"/> take turns: each runs an API server, an operator and pods as
/// processes, and their timing-sensitive checks (a canary's p99 against the stable's, windows of a few seconds, a
/// person's action within a pass) must not share two cores with another such test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessClusters
{
    public const string Name = "process clusters";
}
