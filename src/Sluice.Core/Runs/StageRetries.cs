using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Runs;

/// <summary>
/// A stage's retry rules, the one copy both executors use: <c>limit + 1</c> attempts, each retry after
/// <c>backoff.duration × factor^(n-2)</c> (factor 2 by default) capped at <c>maxDuration</c> (1h by default); a stage
/// without a backoff retries at once.
/// </summary>
public static class StageRetries
{
    public const double DefaultFactor = 2;

    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromHours(1);

    public static int MaxAttempts(Stage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        return (stage.RetryStrategy?.Limit ?? 0) + 1;
    }

    /// <summary>The wait between a failed attempt and attempt <paramref name="nextAttempt"/> (2 for the first retry).</summary>
    public static TimeSpan DelayBefore(Stage stage, int nextAttempt)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var backoff = stage.RetryStrategy?.Backoff;
        if (backoff?.Duration is not { } duration)
        {
            return TimeSpan.Zero;
        }

        var max = backoff.MaxDuration is { } m ? GoDuration.Parse(m) : DefaultMaxBackoff;
        return RunPlanner.RetryDueAt(DateTimeOffset.UnixEpoch, nextAttempt, GoDuration.Parse(duration), backoff.Factor ?? DefaultFactor, max) - DateTimeOffset.UnixEpoch;
    }
}
