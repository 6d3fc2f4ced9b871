using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>The pods of a Deployment: owned by it, named and labelled with the hash of the template they came from.</summary>
internal static class DeploymentPods
{
    public const string HashLabel = "pod-template-hash";

    public static string TemplateHash(JsonObject template) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(template.ToJsonString())))[..10].ToLowerInvariant();

    public static string? Hash(JsonObject pod) => Meta.Of(pod)["labels"]?[HashLabel]?.GetValue<string>();

    public static List<JsonObject> Owned(ObjectStore store, ResourceType pods, string ns, string uid) =>
        store.List(pods, ns).Items.Where(p => Meta.OwnerReferences(p).Any(r => r["uid"]?.GetValue<string>() == uid)).ToList();

    public static JsonObject Create(ObjectStore store, ResourceType pods, string ns, JsonObject deployment, JsonObject template, string hash)
    {
        var name = Meta.Name(deployment);
        var labels = template["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        labels[HashLabel] = hash;
        return store.Create(pods, ns, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["generateName"] = $"{name}-{hash}-",
                ["labels"] = labels,
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = name, ["uid"] = Meta.Uid(deployment), ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = template["spec"]?.DeepClone(),
        });
    }

    public static bool IsReady(JsonObject pod) => ReadySince(pod) is not null;

    /// <summary>When the pod's Ready condition turned True, or null when it is not ready.</summary>
    public static DateTimeOffset? ReadySince(JsonObject pod)
    {
        var ready = (pod["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
        return ready?["lastTransitionTime"]?.GetValue<string>() is { } at ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
