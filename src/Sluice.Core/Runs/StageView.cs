using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>What the run planner needs to know of a stage: its name, what it waits for, where it stands.</summary>
public sealed record StageView(string Name, IReadOnlyList<string> DependsOn, StagePhase Phase);
