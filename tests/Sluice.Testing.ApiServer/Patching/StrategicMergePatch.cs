using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds: a merge patch where lists of objects with a known merge key
/// (containers by name, conditions by type, ...) merge element by element, honouring the $patch,
/// $setElementOrder and $deleteFromPrimitiveList directives kubectl sends.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new()
    {
        ["containers"] = "name", ["initContainers"] = "name", ["ephemeralContainers"] = "name", ["env"] = "name",
        ["volumes"] = "name", ["volumeMounts"] = "mountPath", ["conditions"] = "type", ["imagePullSecrets"] = "name",
        ["ownerReferences"] = "uid", ["hostAliases"] = "ip", ["volumeDevices"] = "devicePath",
        ["topologySpreadConstraints"] = "topologyKey", ["resourceClaims"] = "name", ["readinessGates"] = "conditionType",
    };

    /// <summary>
    /// `ports` merges on containerPort in a container and on port in a Service (the field name alone cannot tell),
    /// so the key is whichever of the two the elements carry.
    /// </summary>
    private static readonly string[] PortKeys = ["containerPort", "port"];

    private static readonly HashSet<string> MergedPrimitiveLists = ["finalizers"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target, patch, "");

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, string field)
    {
        if (patch is not JsonObject p)
        {
            return patch?.DeepClone();
        }
        if (p["$patch"]?.GetValue<string>() == "replace")
        {
            var replaced = (JsonObject)p.DeepClone();
            replaced.Remove("$patch");
            return replaced;
        }
        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : new JsonObject();
        if (p["$retainKeys"] is JsonArray retain)
        {
            // Fields with the retainKeys strategy (a volume's source, a Deployment's strategy) drop every key the
            // patch does not list, so switching emptyDir to persistentVolumeClaim leaves one source, not two.
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet();
            foreach (var key in result.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }
        foreach (var (key, value) in p)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = key["$deleteFromPrimitiveList/".Length..];
                if (result[listName] is JsonArray existing && value is JsonArray drop)
                {
                    var kept = existing.Where(e => !drop.Any(d => JsonNode.DeepEquals(d, e))).Select(e => e?.DeepClone()).ToArray();
                    result[listName] = new JsonArray(kept);
                }
                continue;
            }
            if (key.StartsWith('$'))
            {
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray list)
            {
                result[key] = MergeList(result[key] as JsonArray, list, key);
            }
            else
            {
                result[key] = Merge(result[key], value, key);
            }
        }
        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string field)
    {
        if (MergedPrimitiveLists.Contains(field))
        {
            var union = (target ?? []).Select(e => e?.DeepClone()).ToList();
            foreach (var e in patch)
            {
                if (!union.Any(u => JsonNode.DeepEquals(u, e)))
                {
                    union.Add(e?.DeepClone());
                }
            }
            return new JsonArray([.. union]);
        }
        var mergeKey = MergeKeys.GetValueOrDefault(field);
        if (field == "ports")
        {
            mergeKey = PortKeys.FirstOrDefault(k => patch.Concat(target ?? []).OfType<JsonObject>().Any(o => o[k] is not null));
        }
        if (mergeKey is null || target is null)
        {
            return new JsonArray(patch.Where(e => e is not JsonObject o || o["$patch"] is null).Select(e => e?.DeepClone()).ToArray());
        }
        var merged = target.Select(e => e?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[mergeKey];
            var index = merged.FindIndex(e => e is JsonObject o && JsonNode.DeepEquals(o[mergeKey], keyValue));
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    merged.RemoveAt(index);
                }
                continue;
            }
            if (index >= 0)
            {
                merged[index] = Merge(merged[index], item, field);
            }
            else
            {
                merged.Add(Merge(null, item, field));
            }
        }
        return new JsonArray([.. merged]);
    }
}
