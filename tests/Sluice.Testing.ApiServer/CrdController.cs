using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer;

/// <summary>
/// Plays the apiextensions-apiserver: a written CRD becomes served at once and gets its Established and
/// NamesAccepted conditions; a deleted CRD stops being served and its objects are deleted.
/// </summary>
internal sealed class CrdController(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    private const string CrdStorage = "apiextensions.k8s.io/customresourcedefinitions";

    public void OnChanged(WatchEvent e)
    {
        if (e.Resource.StorageKey != CrdStorage)
        {
            return;
        }
        if (e.Type == "DELETED")
        {
            var served = registry.All.Where(t => t.IsCustom && t.Group == e.Object["spec"]?["group"]?.GetValue<string>()
                && t.Plural == e.Object["spec"]?["names"]?["plural"]?.GetValue<string>()).ToList();
            registry.RemoveCrd(e.Object);
            if (served.Count > 0)
            {
                foreach (var obj in store.List(served[0], null).Items)
                {
                    try
                    {
                        store.Delete(served[0], Meta.Str(obj, "namespace"), Meta.Name(obj), Propagation.Background);
                    }
                    catch (ApiException ex) when (ex.Code == 404)
                    {
                        // Already collected.
                    }
                }
            }
            return;
        }
        if (Meta.IsDeleting(e.Object))
        {
            return;
        }
        registry.ApplyCrd(e.Object);
        var conditions = e.Object["status"]?["conditions"] as JsonArray;
        if (conditions?.Any(c => c?["type"]?.GetValue<string>() == "Established") == true)
        {
            return;
        }
        var now = Meta.Timestamp(time.GetUtcNow());
        var names = e.Object["spec"]?["names"]?.DeepClone();
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray((e.Object["spec"]?["versions"] as JsonArray ?? [])
                .Where(v => v?["storage"]?.GetValue<bool>() == true).Select(v => (JsonNode?)JsonValue.Create(v!["name"]!.GetValue<string>())).ToArray()),
        };
        var update = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = status };
        try
        {
            store.Replace(e.Resource, "", Meta.Name(e.Object), update, WriteScope.Status, requireRvMatch: false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile.
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type, ["status"] = "True", ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
    };
}
