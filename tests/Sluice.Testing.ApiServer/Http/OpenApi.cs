using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>OpenAPI v3 documents for the CRD group-versions, enough for kubectl explain and client-side apply.</summary>
internal static class OpenApi
{
    private const string ObjectMetaRef = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    public static JsonObject Index(IReadOnlyList<ResourceType> types)
    {
        var paths = new JsonObject();
        foreach (var gv in types.Select(t => (t.Group, t.Version)).Distinct())
        {
            var doc = GroupVersion(types, gv.Group, gv.Version)!;
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString())))[..16];
            var prefix = gv.Group.Length == 0 ? $"api/{gv.Version}" : $"apis/{gv.Group}/{gv.Version}";
            paths[prefix] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{prefix}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>
    /// One group-version's document: schemas of its custom kinds, and for every kind a PATCH operation carrying its
    /// GVK and the fieldValidation parameter, which is how kubectl learns to validate on the server. Built-in kinds
    /// list no strategic-merge content type, so kubectl computes their patches from its compiled-in types.
    /// </summary>
    public static JsonObject? GroupVersion(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var kinds = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (kinds.Count == 0)
        {
            return null;
        }
        var schemas = new JsonObject { [ObjectMetaRef] = ObjectMeta() };
        var paths = new JsonObject();
        foreach (var t in kinds)
        {
            var prefix = group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";
            var path = t.Namespaced ? $"{prefix}/namespaces/{{namespace}}/{t.Plural}/{{name}}" : $"{prefix}/{t.Plural}/{{name}}";
            var gvk = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = t.Kind };
            var content = new JsonObject
            {
                ["application/merge-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                ["application/json-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
            };
            paths[path] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["x-kubernetes-group-version-kind"] = gvk,
                    ["operationId"] = $"patch{t.Kind}",
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } },
                        new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } }),
                    ["requestBody"] = new JsonObject { ["content"] = content, ["required"] = true },
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
            if (!t.IsCustom)
            {
                continue;
            }
            var schema = (JsonObject?)t.Schema?.DeepClone() ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
            var props = schema["properties"] as JsonObject ?? [];
            schema["properties"] = props;
            props["apiVersion"] = new JsonObject { ["type"] = "string", ["description"] = "APIVersion defines the versioned schema of this representation of an object." };
            props["kind"] = new JsonObject { ["type"] = "string", ["description"] = "Kind is a string value representing the REST resource this object represents." };
            props["metadata"] = new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/components/schemas/{ObjectMetaRef}" }),
                ["description"] = "Standard object's metadata.",
            };
            schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = group, ["kind"] = t.Kind, ["version"] = version });
            schemas[SchemaName(t)] = schema;
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>The definition name a real apiserver gives a CRD kind: the group reversed, then version and kind.</summary>
    public static string SchemaName(ResourceType t) => string.Join(".", t.Group.Split('.').Reverse()) + $".{t.Version}.{t.Kind}";

    private static JsonObject ObjectMeta()
    {
        JsonObject Str(string d) => new() { ["type"] = "string", ["description"] = d };
        JsonObject Map(string d) => new() { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" }, ["description"] = d };
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "ObjectMeta is metadata that all persisted resources must have.",
            ["properties"] = new JsonObject
            {
                ["name"] = Str("Name must be unique within a namespace."),
                ["generateName"] = Str("GenerateName is an optional prefix used by the server to generate a unique name."),
                ["namespace"] = Str("Namespace defines the space within which each name must be unique."),
                ["uid"] = Str("UID is the unique in time and space value for this object."),
                ["resourceVersion"] = Str("An opaque value that represents the internal version of this object."),
                ["generation"] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["description"] = "A sequence number representing a specific generation of the desired state." },
                ["creationTimestamp"] = Str("CreationTimestamp is a timestamp representing the server time when this object was created."),
                ["deletionTimestamp"] = Str("DeletionTimestamp is the time after which this resource will be deleted."),
                ["labels"] = Map("Map of string keys and values that can be used to organize and categorize objects."),
                ["annotations"] = Map("Annotations is an unstructured key value map stored with a resource."),
                ["finalizers"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Must be empty before the object is deleted from the registry." },
                ["ownerReferences"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }, ["description"] = "List of objects depended by this object." },
            },
        };
    }
}
