namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// The kubelet's container restart backoff (client-go flowcontrol.Backoff as the kubelet uses it, no jitter): the
/// first restart is immediate, then the delay doubles from <c>initial</c> up to <c>max</c>, measured from the
/// container's finish time; a container that stays up for twice the maximum starts over.
/// </summary>
internal sealed class CrashBackoff(TimeSpan initial, TimeSpan max)
{
    private readonly Dictionary<string, (TimeSpan Backoff, DateTimeOffset LastUpdate)> entries = [];

    /// <summary>How long a restart of a container that finished at <paramref name="finishedAt"/> must still wait (zero: restart now).</summary>
    public TimeSpan Remaining(string key, DateTimeOffset finishedAt, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry) || Expired(finishedAt, entry.LastUpdate))
        {
            return TimeSpan.Zero;
        }

        var left = entry.Backoff - (now - finishedAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>The delay a container in back-off now waits for, as the CrashLoopBackOff message shows it.</summary>
    public TimeSpan Current(string key) => entries.TryGetValue(key, out var entry) ? entry.Backoff : initial;

    /// <summary>Records a restart: the next one waits twice as long (kubelet's backOff.Next).</summary>
    public void Next(string key, DateTimeOffset finishedAt, DateTimeOffset now)
    {
        if (!entries.TryGetValue(key, out var entry) || Expired(finishedAt, entry.LastUpdate))
        {
            entries[key] = (initial, now);
            return;
        }

        var doubled = entry.Backoff * 2;
        entries[key] = (doubled < max ? doubled : max, now);
    }

    private bool Expired(DateTimeOffset eventTime, DateTimeOffset lastUpdate) => eventTime - lastUpdate > max * 2;
}
