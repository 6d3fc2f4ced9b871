using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Monitoring;

/// <summary>A DriftMonitor's spec with its defaults applied, as the machine uses it.</summary>
public sealed record DriftSettings(
    TimeSpan Interval,
    TimeSpan Duration,
    TimeSpan AllowedLateness,
    int MinSamples,
    int MaxSamples,
    int ConsecutiveWindows,
    double DriftShare,
    RetrainSettings? Retrain)
{
    public static DriftSettings From(DriftMonitorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var interval = Parse(spec.Interval, TimeSpan.FromHours(1));
        return new DriftSettings(
            interval,
            Parse(spec.Window?.Duration, interval),
            Parse(spec.Window?.AllowedLateness, TimeSpan.FromMinutes(1)),
            spec.Window?.MinSamples ?? 100,
            spec.Window?.MaxSamples ?? 100_000,
            spec.ConsecutiveWindows ?? 1,
            spec.DriftShare ?? 0.5,
            spec.Retrain is { } r
                ? new RetrainSettings(r.PipelineRef.Name, Parse(r.Cooldown, TimeSpan.FromHours(24)), r.MaxConsecutiveRefusals ?? 2)
                : null);
    }

    // The validator refuses what does not parse; a value that slips through falls back to the default.
    private static TimeSpan Parse(string? text, TimeSpan fallback) =>
        GoDuration.TryParse(text, out var d) && d > TimeSpan.Zero ? d : fallback;
}
