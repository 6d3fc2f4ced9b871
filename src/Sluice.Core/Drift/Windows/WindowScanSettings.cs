namespace Sluice.Core.Drift.Windows;

/// <summary>Which rows a drift window takes and how many it samples.</summary>
public sealed record WindowScanSettings(string Model, string Version, DateTimeOffset Start, DateTimeOffset End, int MaxSamples, string Seed)
{
    /// <summary>
    /// The sampler's seed: the seed text and the window start, hashed stably, so a window's sample is the same on
    /// every run and consecutive windows of one monitor draw differently.
    /// </summary>
    public ulong SamplerSeed => SeededRandom.StableSeed($"{Seed}\n{Start.UtcTicks}");
}
