using System.Globalization;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>Watch subscriptions: replay from the bounded history or from current state, then live events.</summary>
internal sealed partial class ObjectStore
{
    /// <summary>
    /// Starts a watch. With no resourceVersion (or "0") the current objects come first as ADDED events; with a
    /// resourceVersion the history after it is replayed, or 410 Expired when the history no longer reaches back.
    /// </summary>
    public (Watcher Watcher, List<WatchEvent> Initial) Watch(ResourceType t, string? ns, long? fromRv, bool forceGone = false)
    {
        lock (gate)
        {
            List<WatchEvent> initial;
            if (fromRv is null or 0)
            {
                initial = objects
                    .Where(kv => kv.Key.Storage == t.StorageKey && (ns is null || kv.Key.Ns == ns))
                    .OrderBy(kv => Meta.Rv(kv.Value.Obj))
                    .Select(kv => new WatchEvent(Meta.Rv(kv.Value.Obj), "ADDED", kv.Value.Type, kv.Key.Ns, (System.Text.Json.Nodes.JsonObject)kv.Value.Obj.DeepClone()))
                    .ToList();
            }
            else
            {
                if (forceGone || fromRv < compactedRv)
                {
                    throw new ApiException(410, "Expired",
                        string.Create(CultureInfo.InvariantCulture, $"too old resource version: {fromRv} ({compactedRv + 1})"));
                }
                initial = history.Where(e => e.ResourceVersion > fromRv && e.Resource.StorageKey == t.StorageKey && (ns is null || e.Namespace == ns)).ToList();
            }
            var w = new Watcher(t, ns);
            watchers.Add(w);
            w.OnDispose = Unsubscribe;
            return (w, initial);
        }
    }

    /// <summary>How many watch streams are open now.</summary>
    public int WatcherCount { get { lock (gate) { return watchers.Count; } } }

    /// <summary>Closes every open watch stream, as an apiserver restart would.</summary>
    public void CloseAllWatches()
    {
        List<Watcher> all;
        lock (gate)
        {
            all = [.. watchers];
        }
        foreach (var w in all)
        {
            w.Close();
        }
    }

    /// <summary>Forgets the whole event history, so any watch from an older resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedRv = resourceVersion;
        }
    }

    private void Unsubscribe(Watcher w)
    {
        lock (gate)
        {
            watchers.Remove(w);
        }
    }
}
