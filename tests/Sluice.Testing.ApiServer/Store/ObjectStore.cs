using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>
/// All objects of the server, one global resourceVersion counter and a bounded event history, as etcd plus the
/// apiserver's watch cache would give. Every method is atomic under one lock, so a watch never misses an event.
/// </summary>
internal sealed partial class ObjectStore(TimeProvider time, int historyLimit)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Storage, string Ns, string Name), (ResourceType Type, JsonObject Obj)> objects = [];
    private readonly LinkedList<WatchEvent> history = new();
    private readonly List<Watcher> watchers = [];
    private readonly BuiltInWrites writes = new();
    private long resourceVersion = 1;
    private long compactedRv = 1;

    /// <summary>Raised (outside the lock) after every committed event; used by CRD registration and the controllers.</summary>
    public event Action<WatchEvent>? Changed;

    public long CurrentRv { get { lock (gate) { return resourceVersion; } } }

    public JsonObject? Get(ResourceType t, string ns, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue((t.StorageKey, ns, name), out var e) ? (JsonObject)e.Obj.DeepClone() : null;
        }
    }

    public (List<JsonObject> Items, long Rv) List(ResourceType t, string? ns)
    {
        lock (gate)
        {
            var items = objects
                .Where(kv => kv.Key.Storage == t.StorageKey && (ns is null || kv.Key.Ns == ns))
                .OrderBy(kv => kv.Key.Ns, StringComparer.Ordinal).ThenBy(kv => kv.Key.Name, StringComparer.Ordinal)
                .Select(kv => (JsonObject)kv.Value.Obj.DeepClone())
                .ToList();
            return (items, resourceVersion);
        }
    }

    public IReadOnlyList<(ResourceType Type, JsonObject Obj)> All()
    {
        lock (gate)
        {
            return objects.Values.Select(v => (v.Type, (JsonObject)v.Obj.DeepClone())).ToList();
        }
    }

    public JsonObject Create(ResourceType t, string ns, JsonObject obj, bool keepStatus = false)
    {
        List<WatchEvent> events = [];
        JsonObject result;
        lock (gate)
        {
            var meta = Meta.Of(obj);
            var name = Meta.Name(obj);
            if (name.Length == 0)
            {
                var prefix = Meta.Str(obj, "generateName");
                if (prefix.Length == 0)
                {
                    throw ApiException.Invalid(t.Kind, t.Group, "", [("metadata.name", "FieldValueRequired", "Required value: name or generateName is required")]);
                }
                do
                {
                    name = prefix + RandomSuffix();
                }
                while (objects.ContainsKey((t.StorageKey, ns, name)));
                meta["name"] = name;
            }
            if (objects.ContainsKey((t.StorageKey, ns, name)))
            {
                throw ApiException.AlreadyExists(t.Plural, t.Group, name);
            }
            if (t.Namespaced && !objects.ContainsKey(("/namespaces", "", ns)))
            {
                throw ApiException.NotFound("namespaces", "", ns);
            }
            if (t.Namespaced && objects.TryGetValue(("/namespaces", "", ns), out var nsObj) && Meta.IsDeleting(nsObj.Obj))
            {
                throw new ApiException(403, "Forbidden", $"{t.Plural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated");
            }
            if (t.Namespaced)
            {
                meta["namespace"] = ns;
            }
            else
            {
                meta.Remove("namespace");
            }
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Meta.Timestamp(time.GetUtcNow());
            if (t.Generation != GenerationPolicy.None)
            {
                meta["generation"] = 1;
            }
            meta.Remove("deletionTimestamp");
            meta.Remove("managedFields");
            if (t.HasStatus && !keepStatus)
            {
                obj.Remove("status");
            }
            if (t.StorageKey == "/namespaces")
            {
                obj["status"] = new JsonObject { ["phase"] = "Active" };
            }
            obj["apiVersion"] = t.ApiVersion;
            obj["kind"] = t.Kind;
            writes.Created(t, obj, keepStatus);
            result = Commit(t, ns, name, obj, "ADDED", events);
        }
        Publish(events);
        return result;
    }

    /// <summary>Replaces an object (PUT or the result of a PATCH) within the given scope.</summary>
    public JsonObject Replace(ResourceType t, string ns, string name, JsonObject incoming, WriteScope scope, bool requireRvMatch = true)
    {
        List<WatchEvent> events = [];
        JsonObject result;
        lock (gate)
        {
            if (!objects.TryGetValue((t.StorageKey, ns, name), out var current))
            {
                throw ApiException.NotFound(t.Plural, t.Group, name);
            }
            result = ReplaceLocked(t, ns, name, current.Obj, incoming, scope, requireRvMatch, events);
        }
        Publish(events);
        return result;
    }

    /// <summary>Reads, transforms and writes an object atomically (PATCH): the transform sees the current object.</summary>
    public JsonObject Mutate(ResourceType t, string ns, string name, Func<JsonObject, JsonObject> transform, WriteScope scope)
    {
        List<WatchEvent> events = [];
        JsonObject result;
        lock (gate)
        {
            if (!objects.TryGetValue((t.StorageKey, ns, name), out var current))
            {
                throw ApiException.NotFound(t.Plural, t.Group, name);
            }
            var changed = transform((JsonObject)current.Obj.DeepClone());
            result = ReplaceLocked(t, ns, name, current.Obj, changed, scope, true, events);
        }
        Publish(events);
        return result;
    }

    private JsonObject ReplaceLocked(ResourceType t, string ns, string name, JsonObject old, JsonObject incoming, WriteScope scope, bool requireRvMatch, List<WatchEvent> events)
    {
        var inMeta = Meta.Of(incoming);
        var givenRv = Meta.Str(incoming, "resourceVersion");
        if (requireRvMatch && givenRv.Length > 0 && givenRv != Meta.Str(old, "resourceVersion"))
        {
            throw ApiException.Conflict(t.Plural, t.Group, name);
        }
        var inName = Meta.Name(incoming);
        if (inName.Length > 0 && inName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({inName}) does not match the name on the URL ({name})");
        }
        JsonObject next;
        if (scope == WriteScope.Status)
        {
            next = (JsonObject)old.DeepClone();
            next["status"] = incoming["status"]?.DeepClone();
            if (next["status"] is null)
            {
                next.Remove("status");
            }
        }
        else
        {
            next = (JsonObject)incoming.DeepClone();
            if (scope == WriteScope.Main && t.HasStatus)
            {
                next["status"] = old["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }
            var meta = Meta.Of(next);
            var oldMeta = Meta.Of(old);
            foreach (var keep in new[] { "uid", "creationTimestamp", "deletionTimestamp", "generation", "namespace", "name", "generateName" })
            {
                meta[keep] = oldMeta[keep]?.DeepClone();
                if (meta[keep] is null)
                {
                    meta.Remove(keep);
                }
            }
            meta.Remove("managedFields");
            if (Meta.IsDeleting(old))
            {
                var added = Meta.Finalizers(next).Except(Meta.Finalizers(old)).ToList();
                if (added.Count > 0)
                {
                    throw new ApiException(422, "Invalid", $"{t.Plural} \"{name}\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers [{string.Join(" ", added)}]");
                }
            }
        }
        // Last before the commit: a Service update may take or release addresses, so nothing may fail after it.
        writes.Updated(t, next, old, scope);
        if (scope != WriteScope.Status && BumpsGeneration(t, old, next))
        {
            Meta.Of(next)["generation"] = (long)(Meta.Number(Meta.Of(old)["generation"]) ?? 1) + 1;
        }
        next["apiVersion"] = t.ApiVersion;
        next["kind"] = t.Kind;
        Meta.Of(next)["resourceVersion"] = Meta.Str(old, "resourceVersion");
        if (JsonNode.DeepEquals(old, next))
        {
            return (JsonObject)old.DeepClone();
        }
        // As the generic registry's update: an object is removed once it is deleting, its grace period is over (a
        // pod that the kubelet still stops keeps a positive deletionGracePeriodSeconds) and no finalizer is left.
        if (Meta.IsDeleting(next) && Meta.Finalizers(next).Count == 0 && (Meta.Number(Meta.Of(next)["deletionGracePeriodSeconds"]) ?? 0) == 0)
        {
            RemoveLocked(t, ns, name, next, events);
            return (JsonObject)next.DeepClone();
        }
        return Commit(t, ns, name, next, "MODIFIED", events);
    }

    /// <summary>Whether a main-endpoint write changed what the kind's strategy counts as a new generation.</summary>
    private static bool BumpsGeneration(ResourceType t, JsonObject old, JsonObject next) => t.Generation switch
    {
        GenerationPolicy.Spec => !JsonNode.DeepEquals(old["spec"], next["spec"]),
        GenerationPolicy.SpecAndAnnotations => !JsonNode.DeepEquals(old["spec"], next["spec"])
            || !JsonNode.DeepEquals(Meta.Of(old)["annotations"] ?? new JsonObject(), Meta.Of(next)["annotations"] ?? new JsonObject()),
        GenerationPolicy.Content => !JsonNode.DeepEquals(Meta.Content(old), Meta.Content(next)),
        _ => false,
    };

    private JsonObject Commit(ResourceType t, string ns, string name, JsonObject obj, string type, List<WatchEvent> events)
    {
        resourceVersion++;
        Meta.Of(obj)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        var previous = type == "MODIFIED" && objects.TryGetValue((t.StorageKey, ns, name), out var before) ? before.Obj : null;
        objects[(t.StorageKey, ns, name)] = (t, obj);
        Record(new WatchEvent(resourceVersion, type, t, ns, (JsonObject)obj.DeepClone(), previous), events);
        return (JsonObject)obj.DeepClone();
    }

    private void Record(WatchEvent e, List<WatchEvent> events)
    {
        history.AddLast(e);
        while (history.Count > historyLimit)
        {
            compactedRv = history.First!.Value.ResourceVersion;
            history.RemoveFirst();
        }
        foreach (var w in watchers)
        {
            if (w.Matches(e))
            {
                w.Push(e);
            }
        }
        events.Add(e);
    }

    private void Publish(List<WatchEvent> events)
    {
        foreach (var e in events)
        {
            Changed?.Invoke(e);
        }
    }

    private static string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> s = stackalloc char[5];
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        }
        return new string(s);
    }
}
