using Sluice.Core.Api;
using Sluice.Core.Gate;

namespace Sluice.Runner;

/// <summary>What the gate of a local run decided, what it compared with, and the version it registered (and where).</summary>
public sealed record LocalGateOutcome(GateVerdict Verdict, RunBaseline? Baseline, ModelVersion? Registered, string? RegistryUri);
