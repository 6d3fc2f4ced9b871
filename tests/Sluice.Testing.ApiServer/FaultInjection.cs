using System.Collections.Concurrent;

namespace Sluice.Testing.ApiServer;

/// <summary>
/// Test-controlled faults and request counters. Rules match a verb (get, list, watch, create, update, patch, delete,
/// deletecollection) and a resource plural ("*" for any); each matching request fails with the given probability.
/// </summary>
public sealed class FaultInjection
{
    private readonly ConcurrentDictionary<(string Verb, string Resource), int> counts = new();
    private readonly ConcurrentDictionary<int, FaultRule> rules = new();
    private int nextRule;

    /// <summary>Extra latency added to every request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>When set, the next watch that asks for a resourceVersion gets 410 Gone (then this clears).</summary>
    public bool ForceGoneOnNextWatch { get; set; }

    /// <summary>Adds a failure rule; dispose the result to remove it.</summary>
    public IDisposable Add(FaultRule rule)
    {
        var id = Interlocked.Increment(ref nextRule);
        rules[id] = rule;
        return new Removal(() => rules.TryRemove(id, out _));
    }

    /// <summary>Requests counted so far for a verb and resource plural (subresources count as "plural/sub").</summary>
    public int Count(string verb, string resource) => counts.TryGetValue((verb, resource), out var n) ? n : 0;

    /// <summary>All counters, for assertions and diagnostics.</summary>
    public IReadOnlyDictionary<(string Verb, string Resource), int> Counts => new Dictionary<(string, string), int>(counts);

    public void ResetCounts() => counts.Clear();

    internal void Record(string verb, string resource) => counts.AddOrUpdate((verb, resource), 1, (_, n) => n + 1);

    internal FaultRule? Pick(string verb, string resource) =>
        rules.Values.FirstOrDefault(r => (r.Verb == "*" || r.Verb == verb) && (r.Resource == "*" || r.Resource == resource)
            && (r.Probability >= 1 || Random.Shared.NextDouble() < r.Probability));

    internal bool TakeForceGone()
    {
        if (!ForceGoneOnNextWatch)
        {
            return false;
        }
        ForceGoneOnNextWatch = false;
        return true;
    }

    private sealed class Removal(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
