using Sluice.Core.Api;
using Sluice.Core.Durations;
using Sluice.Core.Runs;

namespace Sluice.Runner;

/// <summary>Retries after a failed attempt: up to <c>Limit</c>, waiting Duration·Factor^n capped at MaxDuration.</summary>
public sealed record RetryPolicy(int Limit, TimeSpan Duration, double Factor, TimeSpan? MaxDuration)
{
    // The operator's defaults (RunProgression): no backoff duration retries at once; factor 2; waits capped at 1h.
    private const double DefaultFactor = 2;
    private static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromHours(1);

    public static RetryPolicy None { get; } = new(0, TimeSpan.Zero, 1, null);

    /// <summary>The policy of a validated stage (its durations already checked by the Pipeline validator).</summary>
    public static RetryPolicy Of(Stage stage) => stage.RetryStrategy is not { } strategy
        ? None
        : new RetryPolicy(
            strategy.Limit ?? 0,
            strategy.Backoff?.Duration is { } d ? GoDuration.Parse(d) : TimeSpan.Zero,
            strategy.Backoff?.Factor ?? DefaultFactor,
            strategy.Backoff?.MaxDuration is { } max ? GoDuration.Parse(max) : DefaultMaxDuration);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first), as the operator computes it.</summary>
    public TimeSpan DelayBefore(int retry) =>
        RunPlanner.RetryDueAt(DateTimeOffset.UnixEpoch, retry + 1, Duration, Factor, MaxDuration ?? TimeSpan.FromDays(1)) - DateTimeOffset.UnixEpoch;
}
