using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>The discovery documents: /api, /apis, /api/v1, /apis/G/V and /version.</summary>
internal static class Discovery
{
    public static JsonObject Versions(string address) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = address }),
    };

    public static JsonObject Groups(IReadOnlyList<ResourceType> types)
    {
        var groups = new JsonArray();
        foreach (var g in types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group))
        {
            var versions = g.Select(t => t.Version).Distinct().OrderByDescending(VersionPriority).ToList();
            var arr = new JsonArray(versions.Select(v => (JsonNode?)new JsonObject { ["groupVersion"] = $"{g.Key}/{v}", ["version"] = v }).ToArray());
            groups.Add(new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = arr,
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{g.Key}/{versions[0]}", ["version"] = versions[0] },
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Group(IReadOnlyList<ResourceType> types, string group)
    {
        var doc = Groups(types)["groups"]!.AsArray().OfType<JsonObject>().FirstOrDefault(g => g["name"]!.GetValue<string>() == group);
        if (doc is null)
        {
            return null;
        }
        var copy = (JsonObject)doc.DeepClone();
        copy["kind"] = "APIGroup";
        copy["apiVersion"] = "v1";
        return copy;
    }

    public static JsonObject? Resources(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var matching = types.Where(t => t.Group == group && t.Version == version).ToList();
        if (matching.Count == 0)
        {
            return null;
        }
        var list = new JsonArray();
        foreach (var t in matching)
        {
            var entry = new JsonObject
            {
                ["name"] = t.Plural,
                ["singularName"] = t.SingularName,
                ["namespaced"] = t.Namespaced,
                ["kind"] = t.Kind,
                ["verbs"] = new JsonArray("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
            };
            if (t.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray(t.ShortNames.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            }
            if (t.Categories.Count > 0)
            {
                entry["categories"] = new JsonArray(t.Categories.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            }
            list.Add(entry);
            if (t.HasStatus)
            {
                list.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/status", ["singularName"] = "", ["namespaced"] = t.Namespaced, ["kind"] = t.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
            if (t.HasScale)
            {
                list.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/scale", ["singularName"] = "", ["namespaced"] = t.Namespaced, ["group"] = "autoscaling",
                    ["version"] = "v1", ["kind"] = "Scale", ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
            if (t.Kind == "Pod" && t.Group.Length == 0)
            {
                list.Add(new JsonObject
                {
                    ["name"] = "pods/log", ["singularName"] = "", ["namespaced"] = true, ["kind"] = "Pod", ["verbs"] = new JsonArray("get"),
                });
            }
            if (t is { Group: "", Plural: "pods" or "services" })
            {
                list.Add(new JsonObject
                {
                    ["name"] = t.Plural + "/proxy", ["singularName"] = "", ["namespaced"] = true, ["kind"] = t.Kind + "ProxyOptions",
                    ["verbs"] = new JsonArray("create", "delete", "get", "patch", "update"),
                });
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-sluice-testing",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    /// <summary>Orders Kubernetes versions: v2 > v1 > v1beta2 > v1beta1 > v1alpha1.</summary>
    private static int VersionPriority(string v)
    {
        var m = System.Text.RegularExpressions.Regex.Match(v, "^v([0-9]+)(?:(alpha|beta)([0-9]+))?$");
        if (!m.Success)
        {
            return 0;
        }
        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success && m.Groups[3].Value.Length > 0 ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (major * 10 + stage) * 100 + minor;
    }
}
