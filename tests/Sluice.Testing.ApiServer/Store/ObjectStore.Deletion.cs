using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>Deletion: finalizers, propagation policies, garbage collection of dependents and namespace cleanup.</summary>
internal sealed partial class ObjectStore
{
    private const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>Deletes or starts deleting an object. Returns the object and whether it is gone now.</summary>
    public (JsonObject Obj, bool Gone) Delete(ResourceType t, string ns, string name, Propagation? policy, string? preconditionRv = null, string? preconditionUid = null, long? gracePeriodSeconds = null)
    {
        List<WatchEvent> events = [];
        (JsonObject, bool) result;
        lock (gate)
        {
            if (!objects.TryGetValue((t.StorageKey, ns, name), out var current))
            {
                throw ApiException.NotFound(t.Plural, t.Group, name);
            }
            if (preconditionRv is { Length: > 0 } && preconditionRv != Meta.Str(current.Obj, "resourceVersion"))
            {
                throw ApiException.Conflict(t.Plural, t.Group, name);
            }
            if (preconditionUid is { Length: > 0 } && preconditionUid != Meta.Uid(current.Obj))
            {
                throw ApiException.Conflict(t.Plural, t.Group, name);
            }
            var obj = DeleteLocked(t, ns, name, policy ?? (t.DefaultOrphan ? Propagation.Orphan : Propagation.Background), events, gracePeriodSeconds);
            result = (obj, !objects.ContainsKey((t.StorageKey, ns, name)));
        }
        Publish(events);
        return result;
    }

    private JsonObject DeleteLocked(ResourceType t, string ns, string name, Propagation policy, List<WatchEvent> events, long? requestedGrace = null)
    {
        var obj = (JsonObject)objects[(t.StorageKey, ns, name)].Obj.DeepClone();
        var grace = PodGrace.Period(t, obj, requestedGrace);
        if (Meta.IsDeleting(obj))
        {
            return ShortenGraceLocked(t, ns, name, obj, grace, events);
        }
        var uid = Meta.Uid(obj);
        var now = Meta.Timestamp(time.GetUtcNow());
        if (t.StorageKey == "/namespaces")
        {
            Meta.Of(obj)["deletionTimestamp"] = now;
            obj["status"] = new JsonObject { ["phase"] = "Terminating" };
            Commit(t, ns, name, obj, "MODIFIED", events);
            foreach (var key in objects.Keys.Where(k => k.Ns == name && k.Storage != "/namespaces").ToList())
            {
                if (objects.TryGetValue(key, out var entry))
                {
                    DeleteLocked(entry.Type, key.Ns, key.Name, Propagation.Background, events);
                }
            }
            SweepLocked(events);
            return objects.TryGetValue((t.StorageKey, ns, name), out var still) ? (JsonObject)still.Obj.DeepClone() : obj;
        }
        if (policy == Propagation.Orphan)
        {
            foreach (var dep in DependentsOf(uid).ToList())
            {
                var copy = (JsonObject)dep.Obj.DeepClone();
                var refs = Meta.OwnerReferences(copy).Where(r => r["uid"]?.GetValue<string>() != uid).Select(r => (JsonNode?)r.DeepClone()).ToArray();
                if (refs.Length == 0)
                {
                    Meta.Of(copy).Remove("ownerReferences");
                }
                else
                {
                    Meta.Of(copy)["ownerReferences"] = new JsonArray(refs);
                }
                Commit(dep.Type, dep.Ns, Meta.Name(copy), copy, "MODIFIED", events);
            }
        }
        if (policy == Propagation.Foreground)
        {
            Meta.SetFinalizers(obj, Meta.Finalizers(obj).Append(ForegroundFinalizer).Distinct());
        }
        if (grace > 0)
        {
            // A running pod is deleted gracefully: the kubelet stops its containers and then removes it with grace 0.
            Meta.Of(obj)["deletionTimestamp"] = Meta.Timestamp(time.GetUtcNow().AddSeconds(grace.Value));
            Meta.Of(obj)["deletionGracePeriodSeconds"] = grace.Value;
            return Commit(t, ns, name, obj, "MODIFIED", events);
        }
        if (Meta.Finalizers(obj).Count > 0)
        {
            Meta.Of(obj)["deletionTimestamp"] = now;
            Meta.Of(obj)["deletionGracePeriodSeconds"] = 0;
            var committed = Commit(t, ns, name, obj, "MODIFIED", events);
            if (policy == Propagation.Foreground)
            {
                foreach (var dep in DependentsOf(uid).ToList())
                {
                    if (objects.ContainsKey((dep.Type.StorageKey, dep.Ns, Meta.Name(dep.Obj))))
                    {
                        DeleteLocked(dep.Type, dep.Ns, Meta.Name(dep.Obj), Propagation.Background, events);
                    }
                }
                SweepLocked(events);
            }
            return objects.TryGetValue((t.StorageKey, ns, name), out var cur) ? (JsonObject)cur.Obj.DeepClone() : committed;
        }
        Meta.Of(obj)["deletionTimestamp"] = now;
        RemoveLocked(t, ns, name, obj, events);
        return obj;
    }

    /// <summary>
    /// A second delete of an object already being deleted only ever shortens a pod's grace period (the generic
    /// registry's BeforeDelete): at 0 and with no finalizers left it is removed.
    /// </summary>
    private JsonObject ShortenGraceLocked(ResourceType t, string ns, string name, JsonObject obj, long? grace, List<WatchEvent> events)
    {
        var current = (long?)Meta.Number(Meta.Of(obj)["deletionGracePeriodSeconds"]);
        if (grace is not { } g || (current is { } c && g >= c))
        {
            return obj;
        }
        if (g == 0 && Meta.Finalizers(obj).Count == 0)
        {
            RemoveLocked(t, ns, name, obj, events);
            return obj;
        }
        Meta.Of(obj)["deletionTimestamp"] = Meta.Timestamp(time.GetUtcNow().AddSeconds(g));
        Meta.Of(obj)["deletionGracePeriodSeconds"] = g;
        return Commit(t, ns, name, obj, "MODIFIED", events);
    }

    private void RemoveLocked(ResourceType t, string ns, string name, JsonObject obj, List<WatchEvent> events)
    {
        objects.Remove((t.StorageKey, ns, name));
        writes.Removed(t, obj);
        resourceVersion++;
        Meta.Of(obj)["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Record(new WatchEvent(resourceVersion, "DELETED", t, ns, (JsonObject)obj.DeepClone()), events);
        SweepLocked(events);
    }

    /// <summary>
    /// The garbage collector and namespace controller, run to a fixed point after every removal: deletes dependents
    /// whose owners are all gone, releases foreground owners whose blocking dependents are gone, removes emptied
    /// terminating namespaces.
    /// </summary>
    private void SweepLocked(List<WatchEvent> events)
    {
        var liveUids = objects.Values.Select(v => Meta.Uid(v.Obj)).ToHashSet();
        foreach (var (key, entry) in objects.ToList())
        {
            var owners = Meta.OwnerReferences(entry.Obj).Select(r => r["uid"]?.GetValue<string>() ?? "").ToList();
            if (owners.Count > 0 && owners.All(o => !liveUids.Contains(o)) && objects.ContainsKey(key) && !Meta.IsDeleting(entry.Obj))
            {
                DeleteLocked(entry.Type, key.Ns, key.Name, Propagation.Background, events);
            }
        }
        foreach (var (key, entry) in objects.ToList())
        {
            if (!Meta.IsDeleting(entry.Obj) || !objects.ContainsKey(key))
            {
                continue;
            }
            if (Meta.Finalizers(entry.Obj).Contains(ForegroundFinalizer))
            {
                var uid = Meta.Uid(entry.Obj);
                var blocking = DependentsOf(uid).Any(d => Meta.OwnerReferences(d.Obj).Any(r =>
                    r["uid"]?.GetValue<string>() == uid && r["blockOwnerDeletion"]?.GetValue<bool>() == true));
                if (!blocking)
                {
                    var copy = (JsonObject)entry.Obj.DeepClone();
                    Meta.SetFinalizers(copy, Meta.Finalizers(copy).Where(f => f != ForegroundFinalizer));
                    if (Meta.Finalizers(copy).Count == 0)
                    {
                        RemoveLocked(entry.Type, key.Ns, key.Name, copy, events);
                    }
                    else
                    {
                        Commit(entry.Type, key.Ns, key.Name, copy, "MODIFIED", events);
                    }
                }
            }
            else if (key.Storage == "/namespaces" && !objects.Keys.Any(k => k.Ns == key.Name && k.Storage != "/namespaces"))
            {
                RemoveLocked(entry.Type, key.Ns, key.Name, (JsonObject)entry.Obj.DeepClone(), events);
            }
        }
    }

    private IEnumerable<(ResourceType Type, string Ns, JsonObject Obj)> DependentsOf(string uid) =>
        objects.Where(kv => Meta.OwnerReferences(kv.Value.Obj).Any(r => r["uid"]?.GetValue<string>() == uid))
            .Select(kv => (kv.Value.Type, kv.Key.Ns, kv.Value.Obj));
}
