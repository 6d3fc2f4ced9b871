using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>The run's phase and the <c>done/total</c> progress that <c>kubectl get pipelineruns</c> shows.</summary>
public sealed record RunSummary(RunPhase Phase, int Finished, int Total)
{
    public string Progress => $"{Finished}/{Total}";
}
