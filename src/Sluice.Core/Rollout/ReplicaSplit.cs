namespace Sluice.Core.Rollout;

/// <summary>How many server pods the canary and the stable version run for one step.</summary>
public sealed record ReplicaSplit(int Canary, int Stable)
{
    /// <summary>The canary's share of the pods, in percent, which is its traffic share once all are Ready.</summary>
    public decimal Weight => Canary + Stable == 0 ? 0 : Math.Round(100m * Canary / (Canary + Stable), 1, MidpointRounding.AwayFromZero);
}
