using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Resources;

/// <summary>The served resources: the built-in table plus the versions of every established CRD.</summary>
internal sealed class ResourceRegistry
{
    private readonly Lock gate = new();
    private readonly List<ResourceType> types = [.. BuiltInResources.All];

    public IReadOnlyList<ResourceType> All
    {
        get { lock (gate) { return [.. types]; } }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (gate)
        {
            return types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);
        }
    }

    public ResourceType? FindByKind(string apiVersion, string kind)
    {
        lock (gate)
        {
            return types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);
        }
    }

    /// <summary>Serves (or re-serves) the versions of a CRD, replacing what an earlier revision served.</summary>
    public void ApplyCrd(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>() ?? "";
        var names = spec?["names"] as JsonObject;
        var plural = names?["plural"]?.GetValue<string>() ?? "";
        var kind = names?["kind"]?.GetValue<string>() ?? "";
        var singular = names?["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant();
        var shortNames = names?["shortNames"] is JsonArray sn ? sn.Select(n => n!.GetValue<string>()).ToList() : [];
        var categories = names?["categories"] is JsonArray cat ? cat.Select(n => n!.GetValue<string>()).ToList() : [];
        var namespaced = spec?["scope"]?.GetValue<string>() != "Cluster";
        var served = new List<ResourceType>();
        foreach (var v in (spec?["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (v["served"]?.GetValue<bool>() == false)
            {
                continue;
            }
            served.Add(new ResourceType(group, v["name"]!.GetValue<string>(), kind, plural, namespaced, shortNames,
                v["subresources"]?["status"] is not null, singular)
            {
                IsCustom = true,
                PrinterColumns = v["additionalPrinterColumns"]?.DeepClone() as JsonArray,
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
                Categories = categories,
            });
        }
        lock (gate)
        {
            types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
            types.AddRange(served);
        }
    }

    public void RemoveCrd(JsonObject crd)
    {
        var group = crd["spec"]?["group"]?.GetValue<string>() ?? "";
        var plural = crd["spec"]?["names"]?["plural"]?.GetValue<string>() ?? "";
        lock (gate)
        {
            types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural);
        }
    }
}
