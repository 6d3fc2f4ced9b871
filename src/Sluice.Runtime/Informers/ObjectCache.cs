using k8s;
using k8s.Models;

namespace Sluice.Runtime.Informers;

/// <summary>
/// The informer's copy of the watched objects, indexed by key and by the UID of their controller owner, so a
/// parent's reconciler finds its children without an API call.
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<ObjectKey, T> _objects = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> _byControllerUid = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _objects.Values];
        }
    }

    public IReadOnlyList<ObjectKey> Keys()
    {
        lock (_lock)
        {
            return [.. _objects.Keys];
        }
    }

    /// <summary>The objects whose controller ownerReference points at <paramref name="ownerUid"/>.</summary>
    public IReadOnlyList<T> ListByControllerUid(string ownerUid)
    {
        lock (_lock)
        {
            return _byControllerUid.TryGetValue(ownerUid, out var keys)
                ? [.. keys.Select(k => _objects[k])]
                : [];
        }
    }

    /// <summary>Stores <paramref name="obj"/> and returns the version it replaced, if any.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        lock (_lock)
        {
            var old = _objects.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _objects[key] = obj;
            if (ControllerOf(obj) is { } uid)
            {
                if (!_byControllerUid.TryGetValue(uid, out var keys))
                {
                    _byControllerUid[uid] = keys = [];
                }

                keys.Add(key);
            }

            return old;
        }
    }

    /// <summary>Removes the object under <paramref name="key"/> and returns it, if it was there.</summary>
    public T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_objects.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    /// <summary>The UID of the controller ownerReference (at most one per the API conventions).</summary>
    public static string? ControllerOf(T obj) =>
        obj.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true)?.Uid;

    private void Unindex(ObjectKey key, T old)
    {
        if (ControllerOf(old) is { } uid && _byControllerUid.TryGetValue(uid, out var keys))
        {
            keys.Remove(key);
            if (keys.Count == 0)
            {
                _byControllerUid.Remove(uid);
            }
        }
    }
}
